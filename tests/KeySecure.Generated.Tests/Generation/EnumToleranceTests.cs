using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>Generated string enums are open: unknown provider values deserialize, are flagged unknown and round-trip.</summary>
public sealed class EnumToleranceTests
{
    private const string UnknownJson =
        """{"card_no":"C1","card_type":"Burned","status":"Burned","card_last_no":"1234"}""";

    [Fact]
    public void Unknown_status_and_card_type_deserialize_and_are_not_known()
    {
        var detail = JsonSerializer.Deserialize<CardDetail>(UnknownJson);

        Assert.NotNull(detail);
        Assert.NotNull(detail.Status);
        Assert.NotNull(detail.CardType);
        Assert.Equal("Burned", detail.Status.Value.Value);
        Assert.Equal("Burned", detail.CardType.Value.Value);
        Assert.False(detail.Status.Value.IsKnown);
        Assert.False(detail.CardType.Value.IsKnown);
        Assert.DoesNotContain(detail.Status.Value, CardStatus.KnownValues);
        Assert.Equal("C1", detail.CardNo);
        Assert.Equal("1234", detail.CardLastNo);
    }

    [Fact]
    public void The_status_update_takes_exactly_the_three_documented_targets()
    {
        Assert.Equal(typeof(TargetCardStatus?), typeof(UpdateCardStatusRequest).GetProperty(nameof(UpdateCardStatusRequest.Status))!.PropertyType);
        Assert.Equal(["Frozen", "Activated", "Delete"], TargetCardStatus.KnownValues.Select(v => v.Value));
    }

    [Fact]
    public void Unknown_values_round_trip_on_serialize()
    {
        var detail = JsonSerializer.Deserialize<CardDetail>(UnknownJson)!;

        var written = JsonNode.Parse(JsonSerializer.Serialize(detail))!.AsObject();

        Assert.Equal("Burned", (string?)written["status"]);
        Assert.Equal("Burned", (string?)written["card_type"]);
        Assert.Equal("C1", (string?)written["card_no"]);
        Assert.Equal("1234", (string?)written["card_last_no"]);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("ToActivate")]
    [InlineData("Activated")]
    [InlineData("Fail")]
    [InlineData("Frozen")]
    [InlineData("Delete")]
    public void Known_status_equals_the_static_member(string wire)
    {
        var detail = JsonSerializer.Deserialize<CardDetail>($$"""{"status":"{{wire}}"}""")!;
        var expected = CardStatus.KnownValues.Single(k => k.Value == wire);

        Assert.Equal(expected, detail.Status);
        Assert.True(detail.Status!.Value.IsKnown);
        Assert.True(detail.Status.Value == expected);
    }

    [Fact]
    public void Known_values_equal_the_static_members()
    {
        var detail = JsonSerializer.Deserialize<CardDetail>("""{"status":"Frozen","card_type":"Physical"}""")!;

        Assert.Equal(CardStatus.Frozen, detail.Status);
        Assert.Equal(CardType.Physical, detail.CardType);
        Assert.True(detail.Status!.Value.IsKnown);
        Assert.True(detail.CardType!.Value.IsKnown);
        Assert.True(detail.Status.Value == CardStatus.Frozen);
        Assert.False(detail.Status.Value == CardStatus.Activated);
    }

    [Fact]
    public void Comparison_is_ordinal_and_case_sensitive()
    {
        // "frozen" is not "Frozen": the provider's casing is the value, so a case variant is a new (unknown) member.
        var detail = JsonSerializer.Deserialize<CardDetail>("""{"status":"frozen"}""")!;

        Assert.NotEqual(CardStatus.Frozen, detail.Status);
        Assert.False(detail.Status!.Value.IsKnown);
        Assert.Equal("frozen", detail.Status.Value.ToString());
    }

    [Fact]
    public void Absent_and_null_enums_stay_null()
    {
        Assert.Null(JsonSerializer.Deserialize<CardDetail>("{}")!.Status);
        Assert.Null(JsonSerializer.Deserialize<CardDetail>("""{"status":null}""")!.Status);
    }

    [Fact]
    public void A_number_or_boolean_enum_value_reads_as_its_text_and_is_unknown()
    {
        var detail = JsonSerializer.Deserialize<CardDetail>("""{"status":3,"card_type":true}""")!;

        Assert.Equal(("3", "true"), (detail.Status!.Value.Value, detail.CardType!.Value.Value));
        Assert.False(detail.Status.Value.IsKnown);
    }

    [Theory]
    [InlineData("""{"status":{}}""")]
    [InlineData("""{"status":["Activated"]}""")]
    public void An_object_or_array_enum_value_is_rejected_with_a_json_error(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CardDetail>(json));
    }
}
