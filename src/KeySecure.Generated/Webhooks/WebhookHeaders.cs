namespace KeySecure.Generated.Webhooks;

/// <summary>The HTTP headers the platform sends with every webhook.</summary>
public static class WebhookHeaders
{
    /// <summary>Unix milliseconds of the notification; part of the signed text.</summary>
    public const string Timestamp = "Timestamp";

    /// <summary>HMAC-SHA256 of the canonical text, lowercase hex.</summary>
    public const string Signature = "Signature";

    /// <summary>Signature scheme version (<c>V1</c>).</summary>
    public const string SignVersion = "Sign-Version";

    /// <summary>Time zone of the time values in the body (not signed).</summary>
    public const string Timezone = "Timezone";
}
