namespace KeySecure.Generated.Webhooks;

/// <summary>The HTTP headers the platform sends with every webhook.</summary>
internal static class WebhookHeaders
{
    /// <summary>
    /// When the notification was sent, part of the signed text. The unit is not documented: 13 digits are read as Unix
    /// milliseconds, 10 digits as Unix seconds.
    /// </summary>
    public const string Timestamp = "Timestamp";

    /// <summary>HMAC-SHA256 of the canonical text, lowercase hex.</summary>
    public const string Signature = "Signature";

    /// <summary>Signature scheme version (<c>V1</c>).</summary>
    public const string SignVersion = "Sign-Version";

    /// <summary>Time zone of the time values in the body (not signed).</summary>
    public const string Timezone = "Timezone";
}
