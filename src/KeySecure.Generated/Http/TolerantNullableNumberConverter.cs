using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeySecure.Generated.Http;

/// <summary>
/// Reads an optional number the way the providers may send it: a JSON number, a numeric string (<c>"12.50"</c>), an
/// empty string or <c>null</c> (both read as no value). Anything else, <c>"abc"</c> or <c>"1,5"</c>, is a
/// <see cref="JsonException"/>: a value that cannot be read is never turned into 0. Writes a JSON number, the type the
/// specification declares.
/// </summary>
/// <remarks>
/// Registered in <see cref="JsonSerializerOptions.Converters"/> by <see cref="JsonDefaults.Apply"/> rather than on
/// properties, so it applies to every generated DTO, including those resolved through source-generated metadata.
/// Parsing is culture-invariant: <c>.</c> is the only decimal separator, exponents are accepted, group separators
/// are not. Non-nullable numbers get the same tolerance from <see cref="JsonNumberHandling.AllowReadingFromString"/>.
/// </remarks>
internal sealed class TolerantNullableNumberConverter<T> : JsonConverter<T?>
    where T : struct, INumber<T>
{
    private static readonly NumberStyles Style =
        typeof(T) == typeof(decimal) ? NumberStyles.Float : NumberStyles.Integer;

    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when !reader.HasValueSequence:
                return Parse(reader.ValueSpan);
            case JsonTokenType.Number:
                return Parse(reader.ValueSequence.ToArray());
            case JsonTokenType.String:
                var text = reader.GetString()!;
                return text.Length == 0 ? null : Parse(text);
            default:
                throw new JsonException($"Expected a number or a numeric string, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is not { } number)
        {
            writer.WriteNullValue();
            return;
        }

        Span<byte> buffer = stackalloc byte[64];
        if (!number.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture))
            throw new JsonException($"The {typeof(T).Name} value does not fit a JSON number.");
        writer.WriteRawValue(buffer[..written], skipInputValidation: true);
    }

    private static T Parse(ReadOnlySpan<byte> utf8) =>
        T.TryParse(utf8, Style, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"The JSON number is not a valid {typeof(T).Name}.");

    private static T Parse(string text) =>
        text.Trim() == text && T.TryParse(text, Style, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"The string is not a valid {typeof(T).Name}.");
}
