using System.Text.Json;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// What the handlers need from a response body before the generated client sees it: is it JSON, the
/// <c>result</c> fields, the <c>assetId</c> the answer is about, and whether card fields are present. Card values
/// themselves are never copied out.
/// </summary>
internal sealed record WorldFirstResultSnapshot(string? Status, string? Code, string? Message, string? AssetId, bool HasCardData)
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
            return new WorldFirstResultSnapshot(status, code, message, StringOf(root, "assetId"), hasCardData);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>assetId</c> of a request body, or null when the body is not a JSON object naming one.</summary>
    public static string? AssetIdOf(ReadOnlySpan<byte> requestBody)
    {
        try
        {
            var reader = new Utf8JsonReader(requestBody);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object ? StringOf(document.RootElement, "assetId") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
