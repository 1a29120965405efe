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
            WebhookFailureReason.MissingTimestamp => "the Timestamp header is missing or is not Unix milliseconds",
            WebhookFailureReason.StaleTimestamp => "the Timestamp header is outside the accepted tolerance (stale, replayed or clock skew)",
            WebhookFailureReason.MissingSignature => "the Signature header is missing",
            WebhookFailureReason.BadSignature => "the signature does not match the notification (tampered body, wrong secret or wrong appId)",
            WebhookFailureReason.UnsupportedVersion => "the Sign-Version header names a scheme other than V1",
            WebhookFailureReason.MalformedBody => "the body is not a JSON webhook event of the documented shape",
            _ => "the notification failed verification",
        };
        return $"KeySecure webhook rejected: {what} ({reason}).";
    }
}

/// <summary>Why a webhook failed verification.</summary>
public enum WebhookFailureReason
{
    /// <summary>No <c>Timestamp</c> header, or a value that is not a non-negative integer (Unix milliseconds).</summary>
    MissingTimestamp = 1,

    /// <summary>The <c>Timestamp</c> is further from the current time than the configured tolerance (replay protection).</summary>
    StaleTimestamp,

    /// <summary>No <c>Signature</c> header.</summary>
    MissingSignature,

    /// <summary>The signature does not match the signed text computed from the body.</summary>
    BadSignature,

    /// <summary>A <c>Sign-Version</c> other than <c>V1</c>.</summary>
    UnsupportedVersion,

    /// <summary>The body is not a JSON object with a string <c>action</c> and an object <c>data</c> of the documented shape.</summary>
    MalformedBody,
}
