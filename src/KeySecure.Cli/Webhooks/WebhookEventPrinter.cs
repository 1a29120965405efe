using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Generated.AspNetCore;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Webhooks;

namespace KeySecure.Cli.Webhooks;

/// <summary>
/// Writes each verified, new event as one compact JSON line <c>{"id","action","data"}</c>. The id and action are not
/// signed, so they are printed through the SDK's printable filter (control and non-ASCII characters as <c>?</c>, at most
/// 80 characters): a forged id cannot move the cursor or fake a line on a terminal. Unless revealed, card data
/// in the event's data is masked: values named like card data (<c>pan</c>, <c>cvv</c>, <c>pin</c>, expiry fields,
/// <c>card_number</c>) and any other string of 12 to 19 digits, except identifiers named <c>*_no</c> (<c>card_no</c>
/// is KeySecure's card order number, not a PAN, and <c>keysecure card detail</c> prints it too).
/// </summary>
internal sealed class WebhookEventPrinter(TextWriter stdout, bool reveal)
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> CardDataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "pan", "card_number", "cardnumber", "cvv", "cvv2", "pin", "exp_month", "exp_year", "expired_month", "expired_year",
    };

    private readonly Lock _gate = new();

    public void Print(KeySecureWebhookEvent webhookEvent)
    {
        var data = webhookEvent.RawData.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(webhookEvent.RawData.GetRawText());
        if (!reveal && data is not null) Mask(data);
        var line = new JsonObject
        {
            ["id"] = WebhookPrintable.Of(webhookEvent.Id),
            ["action"] = WebhookPrintable.Of(webhookEvent.Action.Value),
            ["data"] = data,
        }.ToJsonString(Compact);
        lock (_gate)
        {
            stdout.WriteLine(line);
            stdout.Flush();
        }
    }

    private static void Mask(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is not JsonValue leaf)
                    {
                        if (value is not null) Mask(value);
                        continue;
                    }
                    var text = Text(leaf);
                    if (CardDataNames.Contains(name)) obj[name] = IsCardNumberName(name) ? Masking.MaskPan(text) : Masking.MaskedCvv;
                    else if (!name.EndsWith("_no", StringComparison.OrdinalIgnoreCase) && LooksLikeCardNumber(text)) obj[name] = Masking.MaskPan(text);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf && LooksLikeCardNumber(Text(leaf))) array[i] = Masking.MaskPan(Text(leaf));
                    else if (array[i] is { } child) Mask(child);
                }
                break;
        }
    }

    /// <summary>A string's characters, or a number's digits as written.</summary>
    private static string Text(JsonValue leaf) =>
        leaf.GetValueKind() == JsonValueKind.String ? leaf.GetValue<string>() : leaf.ToJsonString();

    private static bool IsCardNumberName(string name) =>
        name.Equals("pan", StringComparison.OrdinalIgnoreCase) || name.Contains("number", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeCardNumber(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (c is not (' ' or '-')) return false;
        }
        return digits is >= 12 and <= 19;
    }
}

/// <summary>Prints every verified event the endpoint hands over (it hands over each delivery once).</summary>
internal sealed class PrintingWebhookHandler(WebhookEventPrinter printer) : IKeySecureWebhookHandler
{
    public Task HandleAuthAsync(KeySecureWebhookEvent webhookEvent, AuthWebhookData data, CancellationToken cancellationToken) => Print(webhookEvent);

    public Task HandleConsumptionAsync(KeySecureWebhookEvent webhookEvent, ConsumptionWebhookData data, CancellationToken cancellationToken) => Print(webhookEvent);

    public Task HandleCardUpdateAsync(KeySecureWebhookEvent webhookEvent, CardUpdateWebhookData data, CancellationToken cancellationToken) => Print(webhookEvent);

    public Task HandleUnknownAsync(KeySecureWebhookEvent webhookEvent, CancellationToken cancellationToken) => Print(webhookEvent);

    private Task Print(KeySecureWebhookEvent webhookEvent)
    {
        printer.Print(webhookEvent);
        return Task.CompletedTask;
    }
}
