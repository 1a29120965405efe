namespace KeySecure.Generated.Exceptions;

/// <summary>
/// A webhook (platform to merchant notification) failed verification and must not be acted upon. The message names
/// the reason only; it never contains the body, the secret or the signature.
/// </summary>
public sealed class KeySecureWebhookException : KeySecureException
{
    /// <summary>Creates the exception.</summary>
    public KeySecureWebhookException(WebhookFailureReason reason, Exception? innerException = null)
        : base(BuildMessage(reason), operationId: null, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the notification was rejected.</summary>
    public WebhookFailureReason Reason { get; }

    private static string BuildMessage(WebhookFailureReason reason)
    {
        var what = reason switch
        {
            WebhookFailureReason.MissingTimestamp => "the Timestamp header is missing or is neither 13-digit Unix milliseconds nor 10-digit Unix seconds",
            WebhookFailureReason.StaleTimestamp => "the Timestamp header is outside the accepted tolerance (stale, replayed or clock skew)",
            WebhookFailureReason.MissingSignature => "the Signature header is missing",
            WebhookFailureReason.BadSignature => "the signature does not match the notification (tampered body, wrong secret or wrong appId)",
            WebhookFailureReason.UnsupportedVersion => "the Sign-Version header names a scheme other than V1",
            WebhookFailureReason.MalformedBody => "the body is not a JSON webhook event of the documented shape",
            WebhookFailureReason.DuplicateProperty => "a JSON object in the body names the same property twice",
            WebhookFailureReason.DataDoesNotFitAction => "the data does not have the documented shape of the event's action",
            _ => "the notification failed verification",
        };
        return $"KeySecure webhook rejected: {what} ({reason}).";
    }
}

/// <summary>Why a webhook failed verification.</summary>
public enum WebhookFailureReason
{
    /// <summary>No <c>Timestamp</c> header, or a value that is neither 13 digits (Unix milliseconds) nor 10 digits (Unix seconds).</summary>
    MissingTimestamp = 1,

    /// <summary>The <c>Timestamp</c> is further from the current time than the configured tolerance (replay protection).</summary>
    StaleTimestamp,

    /// <summary>No <c>Signature</c> header.</summary>
    MissingSignature,

    /// <summary>The signature does not match the signed text computed from the body.</summary>
    BadSignature,

    /// <summary>A <c>Sign-Version</c> other than <c>V1</c>.</summary>
    UnsupportedVersion,

    /// <summary>
    /// The body is not JSON, or not an object with a string <c>action</c> and an object (or absent) <c>data</c>, or a
    /// property name of <c>data</c> contains <c>&amp;</c> or <c>=</c> (the signed text could then be read two ways).
    /// </summary>
    MalformedBody,

    /// <summary>
    /// Some object in the body names a property twice. JSON readers disagree on which one wins, and the signed text
    /// would cover both while a handler reads one, so such a body is never accepted.
    /// </summary>
    DuplicateProperty,

    /// <summary>
    /// The data of a documented action does not have that action's shape: a business key is missing, a value has the
    /// wrong type, or an <c>Auth</c> status is not <c>Pending</c>. The <c>action</c> is not signed, so this (with the
    /// replay record, which remembers the action) is what stops a signed event from being relabelled. Properties the
    /// action does not document are accepted.
    /// </summary>
    DataDoesNotFitAction,
}
