using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeySecure.Generated.Http;

/// <summary>
/// Reads a string the way the providers may send it: a JSON string, or a JSON number or boolean read as its JSON text
/// (<c>1234</c> is <c>"1234"</c>, <c>1.50</c> stays <c>"1.50"</c>, <c>true</c> is <c>"true"</c>). An object or array is still a <see cref="JsonException"/>. Writes a JSON string, the type the
/// specification declares, so requests stay strict.
/// </summary>
/// <remarks>
/// Card numbers, last digits, phone codes and postal codes are digit strings a provider may well send as numbers, and a
/// card operation's answer arrives after the change was applied: refusing <c>"card_last_no":1234</c> would report a
/// readable answer as broken. The number's text is kept exactly as sent: it is never parsed, so no digit is lost. Registered in <see cref="JsonSerializerOptions.Converters"/> by <see cref="JsonDefaults.Apply"/>,
/// like <see cref="TolerantNullableNumberConverter{T}"/>, so every string property of every source-generated DTO uses
/// it; the generated string enums read through <see cref="TextOf"/> too.
/// </remarks>
internal sealed class TolerantStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TextOf(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Dictionary keys and extension data names are JSON property names: always strings, read and written as such.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    /// <summary>The current token as a string: a string's value, a number's or boolean's JSON text; null for <c>null</c>.</summary>
    /// <exception cref="JsonException">The token is an object or an array.</exception>
    public static string? TextOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Number when !reader.HasValueSequence => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSequence.ToArray()),
        _ => throw new JsonException($"Expected a string, a number or a boolean, got {reader.TokenType}."),
    };
}
