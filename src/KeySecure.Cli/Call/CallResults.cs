using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Cli.Call;

/// <summary>Answers of generated calls as JSON, card data masked unless revealed.</summary>
internal static class CallResults
{
    /// <summary>Used by the generated table: any answer as an object.</summary>
    public static async Task<object?> Box<T>(Task<T> call) => await call.ConfigureAwait(false);

    /// <summary>Used by the generated table: any pager's items as objects, one at a time.</summary>
    public static async IAsyncEnumerable<object?> Items<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var item in items.ConfigureAwait(false)) yield return item;
    }

    /// <summary>
    /// The answer as JSON through the SDK's metadata. The fields the spec marks as card data (encrypted or sensitive)
    /// are masked unless <paramref name="reveal"/>: a CVV as <c>***</c>, a card number to its first 6 and last 4
    /// digits; an expiry stays readable, as the card commands show it.
    /// </summary>
    public static JsonNode? ToNode(object? answer, CallOperation operation, bool reveal)
    {
        if (answer is null) return null;
        var node = JsonSerializer.SerializeToNode(answer, SdkJson.Options.GetTypeInfo(answer.GetType()));
        if (!reveal) Mask(node, operation.MaskedFields);
        return node;
    }

    /// <summary>An <c>OperationResult</c> of <c>false</c> is the provider declining: exit 3, as the card commands report it.</summary>
    public static void ThrowIfDeclined(object? answer, CallOperation operation)
    {
        if (answer is OperationResult { Result: false }) throw new ProviderAnsweredFalseException(operation.OperationId);
    }

    private static void Mask(JsonNode? node, IReadOnlyList<string> masked)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var name in json.Select(p => p.Key).ToArray())
                {
                    if (masked.Contains(name) && json[name] is JsonValue value && value.TryGetValue<string>(out var text)) json[name] = MaskedValue(name, text);
                    else Mask(json[name], masked);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Mask(item, masked);
                break;
        }
    }

    private static string? MaskedValue(string name, string text) =>
        name.Contains("cvv", StringComparison.OrdinalIgnoreCase) ? Masking.MaskCvv(text)
        : name.Contains("exp", StringComparison.OrdinalIgnoreCase) ? text
        : Masking.MaskPan(text);
}
