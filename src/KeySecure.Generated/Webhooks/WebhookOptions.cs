using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Webhooks;

/// <summary>Settings for verifying the webhooks of one merchant.</summary>
public sealed class WebhookOptions
{
    /// <summary>The default <see cref="Tolerance"/>: five minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest <see cref="Tolerance"/> allowed: one hour.</summary>
    public static readonly TimeSpan MaxTolerance = TimeSpan.FromHours(1);

    /// <summary>
    /// The <c>appId</c> that is part of the signed text. <b>Assumption</b>: the provider's documentation does not say
    /// what <c>appId</c> is; the SDK assumes it is the merchant's Api-Key. When left empty and
    /// <see cref="FromKeySecureOptions"/> was called, the Api-Key of that registration is used.
    /// </summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>
    /// The HMAC key (its UTF-8 bytes): the merchant's apiSecret (assumed, like <see cref="AppId"/>). When left empty
    /// and <see cref="FromKeySecureOptions"/> was called, the ApiSecret of that registration is used.
    /// </summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>
    /// How far the <c>Timestamp</c> header may be from the current time, either way, before a notification is
    /// rejected as stale (replay protection). Default five minutes: the provider documents no window, so this is the
    /// SDK's choice (<c>x-keysecure-assumed</c>). At most <see cref="MaxTolerance"/>; replay records are kept twice as long.
    /// </summary>
    public TimeSpan Tolerance { get; set; } = DefaultTolerance;

    /// <summary>
    /// When true, a notification without a <c>Sign-Version</c> header is rejected. Default false: the provider
    /// documents only <c>V1</c>, so a missing header is read as <c>V1</c> (any other value is always rejected).
    /// </summary>
    public bool RequireSignVersion { get; set; }

    /// <summary>The name of the <c>AddKeySecure</c> registration to take AppId/Secret from, if any.</summary>
    public string? KeySecureOptionsName { get; set; }

    /// <summary>
    /// Takes <see cref="AppId"/> (the Api-Key) and <see cref="Secret"/> (the ApiSecret) from an <c>AddKeySecure</c>
    /// registration, for whichever of them is left empty. Resolved when the options are first read.
    /// </summary>
    /// <param name="name">The registration's name; the default registration when omitted.</param>
    /// <returns>The same options, to chain.</returns>
    public WebhookOptions FromKeySecureOptions(string? name = null)
    {
        KeySecureOptionsName = name ?? Options.DefaultName;
        return this;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"WebhookOptions {{ AppId = {Redaction.Mask}, Secret = {Redaction.Mask}, Tolerance = {Tolerance}, RequireSignVersion = {RequireSignVersion} }}";

    /// <summary>The first problem of these settings, or null when they are usable.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrEmpty(AppId)) return "WebhookOptions.AppId is required (the merchant's Api-Key, or call FromKeySecureOptions).";
        if (string.IsNullOrEmpty(Secret)) return "WebhookOptions.Secret is required (the merchant's ApiSecret, or call FromKeySecureOptions).";
        if (Tolerance <= TimeSpan.Zero || Tolerance > MaxTolerance)
        {
            return "WebhookOptions.Tolerance must be positive and at most 1 hour: a longer window accepts older replays and keeps replay records longer.";
        }
        return null;
    }
}

/// <summary>Validates <see cref="WebhookOptions"/> at start-up.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
