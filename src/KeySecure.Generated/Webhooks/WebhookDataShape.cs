using System.Text.Json;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Whether the <c>data</c> of a documented action has that action's shape. The <c>action</c> is not signed, so this is
/// one of the checks that stops a signed event from being handed to the handler of another action; the replay record
/// (which remembers the action the signed content was handled under) is the other.
/// </summary>
/// <remarks>
/// <para>
/// Refused, from the documented field lists (openapi/keysecure.yaml, <c>*WebhookData</c>): a missing business key
/// (<c>Auth</c>: <c>consume_no</c>, <c>card_no</c>; <c>Consumption</c>: <c>consume_no</c>, <c>card_no</c>, <c>type</c>,
/// <c>status</c>; <c>Card_update</c>: <c>card_no</c>, <c>after_status</c>), since a handler cannot be idempotent
/// without it and it is what tells a <c>Card_update</c> from a <c>Consumption</c>; and an <c>Auth</c> whose
/// <c>status</c> is not <c>Pending</c>, the one value the pages give for it.
/// </para>
/// <para>
/// Accepted and reported (names only): any property the action's list does not name, including one another action
/// documents. The pages do not say the lists are closed, and the platform adds fields; refusing them would lose events.
/// Which keys are required is itself a reading of the pages, flagged <c>x-keysecure-assumed</c>.
/// </para>
/// <para>
/// Only signed content counts: a property whose value is <c>null</c> is not signed (anyone could add it), so it counts
/// as absent.
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

    /// <summary>
    /// Checks <paramref name="data"/> against <paramref name="action"/>: why it does not fit (property names only, never
    /// values), or null when it fits, and the signed properties the action does not document, in arrival order.
    /// </summary>
    public static (string? Mismatch, IReadOnlyList<string> Undocumented) Check(WebhookAction action, JsonElement data)
    {
        var shape = action == WebhookAction.Auth ? Auth
            : action == WebhookAction.Consumption ? Consumption
            : action == WebhookAction.CardUpdate ? CardUpdate
            : null;
        if (shape is null) return (null, []); // an action the SDK does not know: its shape is not known either

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
            if (!present.Contains(key)) return ($"{action} data lacks {key}", []);
        }
        if (action == WebhookAction.Auth
            && data.TryGetProperty("status", out var status)
            && status.ValueKind != JsonValueKind.Null
            && !(status.ValueKind == JsonValueKind.String && status.ValueEquals("Pending")))
        {
            return ("Auth status must be Pending", []);
        }
        return (null, present.Where(name => !shape.Fields.Contains(name)).ToList());
    }

    private sealed class Shape(string[] fields, string[] required)
    {
        public HashSet<string> Fields { get; } = new(fields, StringComparer.Ordinal);

        public string[] Required { get; } = required;
    }
}
