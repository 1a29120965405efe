using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Generated.Exceptions;
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
    /// digits, a token wholly; an expiry stays readable, as the card commands show it.
    /// </summary>
    public static JsonNode? ToNode(object? answer, CallOperation operation, bool reveal)
    {
        if (answer is null) return null;
        var node = JsonSerializer.SerializeToNode(answer, SdkJson.Options.GetTypeInfo(answer.GetType()));
        if (!reveal) Mask(node, operation.MaskedFields);
        return node;
    }

    /// <summary>
    /// The printed answer of one call: <see cref="ToNode"/>, saying whether card data was masked, and for WorldFirst that
    /// the answer's signature was verified (the SDK returns no other).
    /// </summary>
    public static JsonNode ToDocument(object? answer, CallOperation operation, bool reveal)
    {
        var node = ToNode(answer, operation, reveal) ?? new JsonObject();
        if (node is not JsonObject document) return node;
        if (operation.MaskedFields.Count > 0) document["masked"] = !reveal;
        if (operation.IsWorldFirst) document["signatureVerified"] = true;
        return document;
    }

    /// <summary>What WorldFirst answered when it was not <c>S</c>: no card data, the result, and whether the answer was signed.</summary>
    public static JsonObject Unsuccessful(WorldFirstResultException answered) => new()
    {
        ["result"] = new JsonObject
        {
            ["resultStatus"] = Status(answered),
            ["resultCode"] = answered.ResultCode,
            ["resultMessage"] = answered.ResultMessage,
        },
        ["signatureVerified"] = answered.IsSignatureVerified,
    };

    /// <summary>
    /// An unsigned <c>F</c> or <c>U</c> is accepted in Required mode because it carries no card data; its result code
    /// is still unproven, which stderr says.
    /// </summary>
    public static string UnverifiedWarning(WorldFirstResultException answered) =>
        $"WARNING: WorldFirst's {Status(answered)} answer came unsigned. It carries no card data, so it is accepted, " +
        "but its result code is unverified: treat it as a hint, not as proof.";

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

    private static string Status(WorldFirstResultException answered) => answered is WorldFirstUnknownResultException ? "U" : "F";

    /// <summary>A CVV as <c>***</c>, an expiry readable, a card number to its first 6 and last 4 digits, any other secret (an access token) wholly hidden.</summary>
    private static string? MaskedValue(string name, string text) =>
        name.Contains("cvv", StringComparison.OrdinalIgnoreCase) ? Masking.MaskCvv(text)
        : name.Contains("exp", StringComparison.OrdinalIgnoreCase) ? text
        : IsCardNumber(name) ? Masking.MaskPan(text)
        : Masking.MaskSecret(text);

    private static bool IsCardNumber(string name) =>
        name.Equals("pan", StringComparison.OrdinalIgnoreCase) || name.Replace("_", string.Empty, StringComparison.Ordinal).Equals("cardNo", StringComparison.OrdinalIgnoreCase);
}
