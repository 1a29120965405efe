using System.Text.Json;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Finds a property name that appears twice in one JSON object, anywhere in a document. <see cref="JsonDocument"/>
/// keeps both and <c>TryGetProperty</c> returns the last, while the signed text covers every pair; a body like
/// <c>{"status":"Success","status":null}</c> would verify and yet read differently from what was signed.
/// </summary>
internal static class WebhookDuplicateProperties
{
    /// <summary>The path of the first repeated property (<c>data.merchant_info.city</c>), or null when there is none.</summary>
    /// <remarks>Names are compared after unescaping, so <c>"st\u0061tus"</c> repeats <c>"status"</c>.</remarks>
    public static string? Find(JsonElement element) => Find(element, path: null);

    private static string? Find(JsonElement element, string? path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var childPath = path is null ? property.Name : $"{path}.{property.Name}";
                    if (!seen.Add(property.Name)) return childPath;
                    if (Find(property.Value, childPath) is { } repeated) return repeated;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index++}]") is { } repeated) return repeated;
                }
                return null;
            default:
                return null;
        }
    }
}
