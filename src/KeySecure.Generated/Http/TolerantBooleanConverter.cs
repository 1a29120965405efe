using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeySecure.Generated.Http;

/// <summary>
/// Reads an optional flag the way the providers may send it: <c>true</c>/<c>false</c>, the strings <c>"true"</c> and
/// <c>"false"</c> (any case), <c>1</c>/<c>0</c> as a number or a string, and an empty string or <c>null</c> (both read as
/// no value). Anything else, <c>"yes"</c> or <c>2</c>, is a <see cref="JsonException"/>: a value that cannot be read is
/// never guessed. Writes a JSON boolean, the type the specification declares.
/// </summary>
/// <remarks>
/// The specification marks some flags as assumed booleans (the BIN's <c>support_physical</c>), and a card operation's
/// <c>result</c> arrives after the change was applied: refusing <c>"true"</c> there would report an applied write as
/// unreadable. Registered in <see cref="JsonSerializerOptions.Converters"/> by <see cref="JsonDefaults.Apply"/>, like
/// <see cref="TolerantNullableNumberConverter{T}"/>, so source-generated metadata uses it too.
/// </remarks>
internal sealed class TolerantBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number when reader.TryGetInt32(out var number) && number is 0 or 1 => number == 1,
            JsonTokenType.String => FromString(reader.GetString()!),
            _ => throw new JsonException($"Expected a boolean, got {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag) writer.WriteBooleanValue(flag);
        else writer.WriteNullValue();
    }

    private static bool? FromString(string text) => text switch
    {
        "" => null,
        "1" => true,
        "0" => false,
        _ when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        _ when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new JsonException("The string is not a boolean."),
    };
}
