using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Tests.Wire;

/// <summary>
/// Read generously, write strictly, for strings: a JSON number or boolean where the spec declares a string reads as its
/// JSON text, in every string property (and string enum) of every generated DTO, at any depth. Each family of DTOs is
/// filled through its source-generated metadata with a number, then a boolean, in every string it holds.
/// </summary>
public sealed class StringToleranceTests
{
    private static readonly JsonSerializerOptions Options = JsonDefaults.Options;

    /// <summary>The generated DTOs the SDK reads, by family. Requests are written, not read (see the last tests).</summary>
    private static readonly Dictionary<string, Type[]> Families = new()
    {
        ["cards"] = [typeof(CardDetail), typeof(CardPage), typeof(CardSummary), typeof(CardPrivateInfo), typeof(ApplyCardResult), typeof(OperationResult), typeof(FeeDetail), typeof(ConsumptionLimit), typeof(PciCardDetail), typeof(AddressInfo)],
        ["cardholders"] = [typeof(Cardholder), typeof(CardholderPage), typeof(CardholderSummary), typeof(ApplyCardholderResult)],
        ["consumptions"] = [typeof(Consumption), typeof(ConsumptionPage), typeof(ConsumptionSummary), typeof(SimulationResult)],
        ["accounts and transfers"] = [typeof(CardholderAccounts), typeof(CardholderAccount), typeof(TransferPage), typeof(Transfer), typeof(TransferResult)],
        ["packages and bins"] = [typeof(CardPackagePage), typeof(CardPackage), typeof(SupportedBinPage), typeof(SupportedBin)],
        ["token"] = [typeof(MerchantToken), typeof(PciClientToken), typeof(MerchantInfo)],
        ["webhooks"] = [typeof(WebhookEvent), typeof(AuthWebhookData), typeof(ConsumptionWebhookData), typeof(CardUpdateWebhookData), typeof(WebhookFee), typeof(WebhookReply), typeof(Envelope)],
        ["worldfirst"] = [typeof(CardSensitiveInfo), typeof(Result)],
    };

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var family in Families.Keys)
        {
            cases.Add(family, "1234", "1234");
            cases.Add(family, "true", "true");
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_string_of_the_family_reads_a_number_or_boolean_as_its_json_text(string family, string wire, string expected)
    {
        var checkedStrings = 0;
        foreach (var type in Families[family])
        {
            var info = Options.GetTypeInfo(type);
            var json = Fill(info, JsonNode.Parse(wire)!, depth: 0).ToJsonString();

            var read = JsonSerializer.Deserialize(json, info);

            var strings = Collect(info, read, depth: 0);
            Assert.All(strings, s => Assert.True(s.Value == expected, $"{type.Name}.{s.Path} read {wire} as '{s.Value}'"));
            checkedStrings += strings.Count;
        }
        Assert.True(checkedStrings > 0, $"the {family} family holds no string to test");
    }

    [Fact]
    public void Every_generated_type_the_sdk_reads_belongs_to_a_family()
    {
        var listed = Families.Values.SelectMany(types => types).ToHashSet();
        var generated = typeof(OpenPlatformJsonContext).GetCustomAttributesData()
            .Concat(typeof(WorldFirstJsonContext).GetCustomAttributesData())
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)
            .Where(t => t.IsClass && t != typeof(string) && !t.Name.EndsWith("Request", StringComparison.Ordinal));

        Assert.Empty(generated.Where(t => !listed.Contains(t)).Select(t => t.Name));
    }

    [Theory]
    [InlineData("1234", "1234")]
    [InlineData("-0.50", "-0.50")]
    [InlineData("1.5E2", "1.5E2")]
    [InlineData("12345678901234567890123", "12345678901234567890123")]
    [InlineData("false", "false")]
    public void A_number_keeps_its_exact_text(string wire, string expected)
    {
        var detail = JsonSerializer.Deserialize<CardDetail>($$"""{"card_last_no":{{wire}}}""", Options)!;

        Assert.Equal(expected, detail.CardLastNo);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[\"1234\"]")]
    public void An_object_or_array_where_a_string_is_declared_is_still_an_error(string wire) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CardDetail>($$"""{"card_last_no":{{wire}}}""", Options));

    [Fact]
    public void A_status_sent_as_a_number_reads_as_an_unknown_value_rather_than_failing()
    {
        var detail = JsonSerializer.Deserialize<CardDetail>("""{"status":3}""", Options)!;

        Assert.Equal("3", detail.Status!.Value.Value);
        Assert.False(detail.Status.Value.IsKnown);
    }

    [Fact]
    public void Requests_still_write_strings_as_json_strings()
    {
        var written = JsonNode.Parse(JsonDefaults.SerializeToUtf8Bytes(
            new ListCardsRequest { CardNo = "1234", CardUniqueNo = "true", StartTime = "2024-05-01" }, Options))!.AsObject();

        Assert.Equal(JsonValueKind.String, written["card_no"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, written["card_unique_no"]!.GetValueKind());
        Assert.Equal("1234", (string?)written["card_no"]);
    }

    // A JSON object for `info` with `wire` in every string and string enum, and one filled element in every list.
    private static JsonObject Fill(JsonTypeInfo info, JsonNode wire, int depth)
    {
        var json = new JsonObject();
        foreach (var property in info.Properties)
        {
            if (Fill(property.PropertyType, wire, depth) is { } value) json[property.Name] = value;
        }
        return json;
    }

    private static JsonNode? Fill(Type type, JsonNode wire, int depth)
    {
        if (depth > 4) return null;
        if (type == typeof(string) || IsStringEnum(type)) return wire.DeepClone();
        if (ElementOf(type) is { } element) return Fill(element, wire, depth + 1) is { } item ? new JsonArray(item) : null;
        return IsGenerated(type) ? Fill(Options.GetTypeInfo(type), wire, depth + 1) : null;
    }

    // Every string (and string enum) read back, with its path: `list[0].card_no`.
    private static List<(string Path, string? Value)> Collect(JsonTypeInfo info, object? value, int depth)
    {
        var found = new List<(string, string?)>();
        if (value is null || depth > 5) return found;
        foreach (var property in info.Properties)
        {
            var type = property.PropertyType;
            var read = property.Get?.Invoke(value);
            if (type == typeof(string) || IsStringEnum(type))
                found.Add((property.Name, read?.ToString()));
            else if (ElementOf(type) is { } element && read is System.Collections.IEnumerable items)
                found.AddRange(items.Cast<object?>().SelectMany(item => CollectValue(element, item, depth)).Select(s => ($"{property.Name}[0].{s.Path}", s.Value)));
            else if (IsGenerated(type))
                found.AddRange(Collect(Options.GetTypeInfo(type), read, depth + 1).Select(s => ($"{property.Name}.{s.Path}", s.Value)));
        }
        return found;
    }

    private static IEnumerable<(string Path, string? Value)> CollectValue(Type element, object? item, int depth) =>
        element == typeof(string) || IsStringEnum(element) ? [("", item?.ToString())]
        : IsGenerated(element) ? Collect(Options.GetTypeInfo(element), item, depth + 1)
        : [];

    private static bool IsGenerated(Type type) => type.Namespace is "KeySecure.Generated.OpenPlatform" or "KeySecure.Generated.WorldFirst" && type.IsClass;

    // The generated string enums: value types with their own Converter (build/templates/Enum.liquid).
    private static bool IsStringEnum(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is { IsValueType: true } value && value.GetNestedType("Converter", BindingFlags.Public) is not null;

    // The element type of a list; a dictionary's (the extension data) is a KeyValuePair, which holds nothing to fill.
    private static Type? ElementOf(Type type) =>
        type == typeof(string)
            ? null
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
