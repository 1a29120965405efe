namespace KeySecure.Sandbox;

/// <summary>Final state of a webhook notification.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>The merchant answered <c>{"code":0}</c>.</summary>
    Delivered,

    /// <summary>Every attempt failed (HTTP error, timeout, or a reply other than <c>{"code":0}</c>).</summary>
    Failed,

    /// <summary>No webhook URL is configured; the notification was built and signed but not sent.</summary>
    NoUrl,
}

/// <summary>A webhook the sandbox sent (or tried to), with the exact bytes and headers.</summary>
/// <param name="Id">The notification <c>id</c>.</param>
/// <param name="Action">The <c>action</c>: <c>Auth</c>, <c>Consumption</c> or <c>Card_update</c>.</param>
/// <param name="Body">The JSON body exactly as sent.</param>
/// <param name="Timestamp">The <c>Timestamp</c> header (Unix milliseconds).</param>
/// <param name="Signature">The <c>Signature</c> header (HMAC-SHA256, lowercase hex).</param>
/// <param name="Status">The final status.</param>
/// <param name="Attempts">How many times it was POSTed.</param>
/// <param name="LastHttpStatus">HTTP status of the last attempt, if one answered.</param>
/// <param name="LastError">Why the last attempt failed, if it did.</param>
/// <param name="LastReplyTime">How long the last attempt took (the merchant must answer <c>Auth</c> within 800 ms).</param>
public sealed record WebhookDelivery(
    string Id,
    string Action,
    string Body,
    string Timestamp,
    string Signature,
    WebhookDeliveryStatus Status,
    int Attempts,
    int? LastHttpStatus,
    string? LastError,
    TimeSpan LastReplyTime);
