using System.Text.Json;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// What the handlers need from a response body before the generated client sees it: is it JSON, the
/// <c>result</c> fields, and whether card fields are present. Card values themselves are never copied out.
/// </summary>
internal sealed record WorldFirstResultSnapshot(string? Status, string? Code, string? Message, bool HasCardData)
{
    private static readonly string[] CardFields = ["cardNo", "cvv", "expiredMonth", "expiredYear"];

    /// <summary>Null when the body is not a JSON object (an HTML gateway page, truncated JSON, empty body).</summary>
    public static WorldFirstResultSnapshot? TryRead(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;

            string? status = null, code = null, message = null;
            if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object)
            {
                status = StringOf(result, "resultStatus");
                code = StringOf(result, "resultCode");
                message = StringOf(result, "resultMessage");
            }

            var hasCardData = CardFields.Any(name =>
                root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined));
            return new WorldFirstResultSnapshot(status, code, message, hasCardData);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
