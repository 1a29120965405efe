using System.Text.Json;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Whether the <c>data</c> of a documented action has that action's shape. The <c>action</c> is not signed, so without
/// this check a signed <c>Consumption</c> could be re-posted as an <c>Auth</c> (or the reverse) with a valid signature.
/// </summary>
/// <remarks>
/// <para>
/// Rules, from the documented field lists (openapi/keysecure.yaml, <c>*WebhookData</c>): the action's business keys
/// are present (<c>Auth</c>: <c>consume_no</c>, <c>card_no</c>; <c>Consumption</c>: <c>consume_no</c>, <c>card_no</c>,
/// <c>type</c>, <c>status</c>; <c>Card_update</c>: <c>card_no</c>, <c>after_status</c>); no property is present that
/// another action documents and this one does not (<c>after_status</c> in a <c>Consumption</c>, <c>fee_detail</c> in
/// an <c>Auth</c>); an <c>Auth</c>'s <c>status</c>, when sent, is <c>Pending</c> (the only value documented for it).
/// Properties no action documents are accepted: the platform adds fields.
/// </para>
/// <para>
/// Only signed content counts: a property whose value is <c>null</c> is not signed (anyone could add it), so it counts
/// as absent. An <c>Auth</c> whose data carries only fields a <c>Consumption</c> also has cannot be told apart from a
/// <c>Consumption</c> by shape; the replay record (keyed on the signature) still refuses it once the original was handled.
/// </para>
/// </remarks>
internal static class WebhookDataShape
{
    private static readonly string[] AuthFields =
        ["consume_no", "card_no", "cardholder_no", "type", "amount", "local_amount", "local_currency", "merchant_info", "status", "time"];

    private static readonly string[] ConsumptionFields =
        [.. AuthFields, "consume_relate_no", "fee", "fee_detail", "remark", "detail"];

    private static readonly string[] CardUpdateFields = ["card_no", "before_status", "after_status", "reason", "time"];

    private static readonly Shape Auth = new(AuthFields, ["consume_no", "card_no"]);
    private static readonly Shape Consumption = new(ConsumptionFields, ["consume_no", "card_no", "type", "status"]);
    private static readonly Shape CardUpdate = new(CardUpdateFields, ["card_no", "after_status"]);

    private static readonly HashSet<string> AnyActionFields = new([.. ConsumptionFields, .. CardUpdateFields], StringComparer.Ordinal);

    /// <summary>Why <paramref name="data"/> does not fit <paramref name="action"/> (property names only, never values), or null when it fits.</summary>
    public static string? Mismatch(WebhookAction action, JsonElement data)
    {
        var shape = action == WebhookAction.Auth ? Auth
            : action == WebhookAction.Consumption ? Consumption
            : action == WebhookAction.CardUpdate ? CardUpdate
            : null;
        if (shape is null) return null; // an action the SDK does not know: its shape is not known either

        // In arrival order, so the reason names the first offending property.
        var present = new List<string>();
        if (data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in data.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Null) present.Add(property.Name);
            }
        }

        foreach (var key in shape.Required)
        {
            if (!present.Contains(key)) return $"{action} data lacks {key}";
        }
        foreach (var name in present)
        {
            if (AnyActionFields.Contains(name) && !shape.Fields.Contains(name)) return $"{name} is a field of another action, not of {action}";
        }
        if (action == WebhookAction.Auth
            && data.TryGetProperty("status", out var status)
            && status.ValueKind != JsonValueKind.Null
            && !(status.ValueKind == JsonValueKind.String && status.ValueEquals("Pending")))
        {
            return "Auth status must be Pending";
        }
        return null;
    }

    private sealed class Shape(string[] fields, string[] required)
    {
        public HashSet<string> Fields { get; } = new(fields, StringComparer.Ordinal);

        public string[] Required { get; } = required;
    }
}
