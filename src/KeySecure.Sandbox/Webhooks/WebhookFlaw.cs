namespace KeySecure.Sandbox;

/// <summary>What is wrong, on purpose, with a webhook sent by <see cref="SandboxServer.SendWebhookAsync"/>.</summary>
public enum WebhookFlaw
{
    /// <summary>Nothing: signed now, as the provider sends it.</summary>
    None,

    /// <summary>Correctly signed, but its <c>Timestamp</c> is two hours old: outside any receiver's window (the SDK allows at most one hour).</summary>
    StaleTimestamp,

    /// <summary>Signed with another secret: the <c>Signature</c> header is well-formed but does not verify.</summary>
    BadSignature,
}

/// <summary>What the merchant's webhook endpoint answered.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The body, as text.</param>
public sealed record WebhookReply(int StatusCode, string Body);
