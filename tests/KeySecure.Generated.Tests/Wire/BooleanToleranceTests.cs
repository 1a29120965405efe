using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.Tests.Wire;

/// <summary>
/// Read generously, write strictly, for flags: a boolean field accepts a JSON boolean, a "true"/"false" string or 1/0,
/// and is written back as a JSON boolean. Through <see cref="JsonDefaults.Options"/>, so through source-generated metadata.
/// </summary>
public sealed class BooleanToleranceTests
{
    private static readonly JsonSerializerOptions Options = JsonDefaults.Options;

    private static OperationResult Read(string wire) => JsonDefaults.Deserialize<OperationResult>($$"""{"result":{{wire}}}""", Options)!;

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"False\"", false)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("\"1\"", true)]
    [InlineData("\"0\"", false)]
    public void A_flag_reads_from_a_boolean_a_string_or_one_and_zero(string wire, bool expected)
    {
        Assert.Equal(expected, Read(wire).Result);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void An_empty_string_or_null_reads_as_no_value(string wire)
    {
        Assert.Null(Read(wire).Result);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("\" true\"")]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("1.0")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void Anything_else_is_an_error_never_a_guess(string wire)
    {
        Assert.Throws<JsonException>(() => Read(wire));
    }

    [Fact]
    public void The_bins_assumed_flags_read_from_strings_and_are_written_as_booleans()
    {
        var bin = JsonDefaults.Deserialize<SupportedBin>("""{"card_bin":"4111","support_physical":"true","support_virtual":0}""", Options)!;

        Assert.Equal((true, false), (bin.SupportPhysical, bin.SupportVirtual));
        var written = JsonNode.Parse(JsonSerializer.Serialize(bin, Options))!.AsObject();
        Assert.Equal(JsonValueKind.True, written["support_physical"]!.GetValueKind());
        Assert.Equal(JsonValueKind.False, written["support_virtual"]!.GetValueKind());
    }

    [Fact]
    public void An_unset_flag_is_left_out_of_a_request()
    {
        var written = JsonNode.Parse(JsonSerializer.Serialize(new OperationResult(), Options))!.AsObject();

        Assert.False(written.ContainsKey("result"));
    }
}
