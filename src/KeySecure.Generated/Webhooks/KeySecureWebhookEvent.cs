using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.Webhooks;

/// <summary>A verified webhook notification.</summary>
/// <remarks>
/// Notifications may be delivered more than once (the platform retries when it gets no success reply). The endpoint
/// hands a delivery to the handler once per <see cref="DeliveryKey"/> while its record lasts, but make the handling
/// idempotent anyway, keyed on signed business keys (<c>consume_no</c> + <c>type</c> + <c>status</c> for
/// <c>Auth</c>/<c>Consumption</c>, <c>card_no</c> + <c>after_status</c> for <c>Card_update</c>), never on
/// <see cref="Id"/>: the id is not signed, so anyone who captured a delivery can re-post it with a new id.
/// </remarks>
public sealed class KeySecureWebhookEvent
{
    private readonly object? _typed;

    /// <summary>
    /// Creates an event from its parts (the verifier does this; merchants use it to unit-test their handlers). The
    /// data of a documented action is deserialized at once.
    /// </summary>
    /// <exception cref="JsonException">The data does not fit the documented type of <paramref name="action"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="rawData"/> is neither an object nor null/undefined.</exception>
    public KeySecureWebhookEvent(string? id, WebhookAction action, string? timezone, DateTimeOffset timestamp, JsonElement rawData)
    {
        if (rawData.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            throw new ArgumentException($"The webhook data must be a JSON object (was {rawData.ValueKind}).", nameof(rawData));
        }

        Id = id;
        Action = action;
        Timezone = timezone;
        Timestamp = timestamp;
        RawData = rawData.ValueKind == JsonValueKind.Undefined ? rawData : rawData.Clone();

        if (rawData.ValueKind is JsonValueKind.Object)
        {
            if (action == WebhookAction.Auth) _typed = Deserialize<AuthWebhookData>(rawData);
            else if (action == WebhookAction.Consumption) _typed = Deserialize<ConsumptionWebhookData>(rawData);
            else if (action == WebhookAction.CardUpdate) _typed = Deserialize<CardUpdateWebhookData>(rawData);
        }
        else if (action.IsKnown)
        {
            // A documented action without data: typed accessors return an empty object rather than null.
            if (action == WebhookAction.Auth) _typed = new AuthWebhookData();
            else if (action == WebhookAction.Consumption) _typed = new ConsumptionWebhookData();
            else _typed = new CardUpdateWebhookData();
        }
    }

    /// <summary>
    /// The notification id. <b>Not signed</b>: for correlation in logs only, never for deduplication. It is exactly as
    /// received; the SDK itself logs and prints it only with control and non-ASCII characters replaced.
    /// </summary>
    public string? Id { get; }

    /// <summary>
    /// The action; an open enumeration, so check <see cref="IsKnown"/> before relying on it. Not signed itself: the
    /// verifier checks that the signed data has this action's business keys, and the replay record refuses signed
    /// content already handled under another action. Treat an unknown action as an unsigned hint.
    /// </summary>
    public WebhookAction Action { get; }

    /// <summary>The <c>Timezone</c> header: the zone of the time values in the data (not signed).</summary>
    public string? Timezone { get; }

    /// <summary>The signed <c>Timestamp</c> header.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The event's <c>data</c> as received (an object; <see cref="JsonValueKind.Undefined"/> when absent).</summary>
    public JsonElement RawData { get; }

    /// <summary>
    /// A key derived from signed content only (the <c>V1</c> signature: appId, timestamp and data): every re-delivery of
    /// the same notification has the same key, whatever its <c>id</c> or <c>action</c>. Set by the verifier; null on
    /// an event built by hand unless the test sets it.
    /// </summary>
    public string? DeliveryKey { get; init; }

    /// <summary>
    /// The name of the webhook registration (merchant) whose secret verified the event: <c>""</c> for the unnamed
    /// registration, null for a verifier built by hand.
    /// </summary>
    public string? RegistrationName { get; init; }

    /// <summary>True when <see cref="Action"/> is one the specification documents.</summary>
    public bool IsKnown => Action.IsKnown;

    /// <summary>The data of an <c>Auth</c> event (answer within 800 ms).</summary>
    /// <exception cref="InvalidOperationException">The event is not an <c>Auth</c> event.</exception>
    public AuthWebhookData AsAuth() => As<AuthWebhookData>(WebhookAction.Auth);

    /// <summary>The data of a <c>Consumption</c> event.</summary>
    /// <exception cref="InvalidOperationException">The event is not a <c>Consumption</c> event.</exception>
    public ConsumptionWebhookData AsConsumption() => As<ConsumptionWebhookData>(WebhookAction.Consumption);

    /// <summary>The data of a <c>Card_update</c> event.</summary>
    /// <exception cref="InvalidOperationException">The event is not a <c>Card_update</c> event.</exception>
    public CardUpdateWebhookData AsCardUpdate() => As<CardUpdateWebhookData>(WebhookAction.CardUpdate);

    /// <inheritdoc />
    public override string ToString() =>
        $"KeySecureWebhookEvent {{ Id = {WebhookPrintable.Of(Id)}, Action = {WebhookPrintable.Of(Action.Value)}, Timestamp = {Timestamp:O} }}";

    /// <summary>Deserializes with the SDK's settings and its source-generated metadata (trim- and AOT-safe).</summary>
    private static T Deserialize<T>(JsonElement data)
        where T : class =>
        data.Deserialize((JsonTypeInfo<T>)JsonDefaults.Options.GetTypeInfo(typeof(T)))
        ?? throw new JsonException($"The webhook data could not be read as {typeof(T).Name}.");

    private T As<T>(WebhookAction expected)
        where T : class =>
        Action == expected && _typed is T typed
            ? typed
            : throw new InvalidOperationException($"The webhook's action is '{Action}', not '{expected}'.");
}
