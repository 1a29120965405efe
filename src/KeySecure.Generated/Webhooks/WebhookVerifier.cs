using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Verifies webhook notifications (signature, version, freshness) and parses them into <see cref="KeySecureWebhookEvent"/>.
/// Thread-safe; register one per merchant.
/// </summary>
/// <remarks>
/// Checks, in order: <c>Sign-Version</c> is <c>V1</c> (absent is read as <c>V1</c> unless
/// <see cref="WebhookOptions.RequireSignVersion"/>); <c>Timestamp</c> is present and is Unix milliseconds;
/// <c>Signature</c> is present; the timestamp is within <see cref="WebhookOptions.Tolerance"/> of now (either way);
/// the body is a JSON object with a string <c>action</c> and an object (or absent/null) <c>data</c>; the signature
/// matches (constant-time comparison, hex case ignored); the data of a documented action fits its type.
/// </remarks>
public sealed class WebhookVerifier
{
    private readonly string _appId;
    private readonly byte[] _key;
    private readonly TimeSpan _tolerance;
    private readonly bool _requireSignVersion;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">AppId, Secret, Tolerance (copied; later changes have no effect).</param>
    /// <param name="timeProvider">The clock for the freshness check; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are unusable (empty AppId or Secret, non-positive Tolerance).</exception>
    public WebhookVerifier(WebhookOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem) throw new ArgumentException(problem, nameof(options));

        _appId = options.AppId;
        _key = Encoding.UTF8.GetBytes(options.Secret);
        _tolerance = options.Tolerance;
        _requireSignVersion = options.RequireSignVersion;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The time within which a notification's timestamp must fall.</summary>
    public TimeSpan Tolerance => _tolerance;

    /// <summary>Verifies a notification; never throws for a bad notification (see <see cref="WebhookVerificationResult.Failure"/>).</summary>
    /// <param name="body">The raw request body, byte for byte.</param>
    /// <param name="timestampHeader">The <c>Timestamp</c> header.</param>
    /// <param name="signatureHeader">The <c>Signature</c> header.</param>
    /// <param name="signVersionHeader">The <c>Sign-Version</c> header.</param>
    /// <param name="timezoneHeader">The <c>Timezone</c> header (not signed; copied to the event).</param>
    public WebhookVerificationResult Verify(
        ReadOnlySpan<byte> body,
        string? timestampHeader,
        string? signatureHeader,
        string? signVersionHeader,
        string? timezoneHeader = null)
    {
        var version = signVersionHeader?.Trim();
        if (string.IsNullOrEmpty(version))
        {
            if (_requireSignVersion) return WebhookVerificationResult.Fail(WebhookFailureReason.UnsupportedVersion);
        }
        else if (!string.Equals(version, WebhookSignature.Version1, StringComparison.OrdinalIgnoreCase))
        {
            return WebhookVerificationResult.Fail(WebhookFailureReason.UnsupportedVersion);
        }

        var timestampText = timestampHeader?.Trim();
        if (string.IsNullOrEmpty(timestampText)
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return WebhookVerificationResult.Fail(WebhookFailureReason.MissingTimestamp);
        }

        var signature = signatureHeader?.Trim();
        if (string.IsNullOrEmpty(signature)) return WebhookVerificationResult.Fail(WebhookFailureReason.MissingSignature);

        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        if ((_timeProvider.GetUtcNow() - timestamp).Duration() > _tolerance)
        {
            return WebhookVerificationResult.Fail(WebhookFailureReason.StaleTimestamp);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            // The parser's message may quote the body: not passed on.
            return WebhookVerificationResult.Fail(WebhookFailureReason.MalformedBody);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("action", out var actionElement) || actionElement.ValueKind != JsonValueKind.String)
            {
                return WebhookVerificationResult.Fail(WebhookFailureReason.MalformedBody);
            }

            string? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind == JsonValueKind.String) id = idElement.GetString();
                else if (idElement.ValueKind == JsonValueKind.Number) id = idElement.GetRawText();
                else if (idElement.ValueKind != JsonValueKind.Null) return WebhookVerificationResult.Fail(WebhookFailureReason.MalformedBody);
            }

            var data = root.TryGetProperty("data", out var dataElement) ? dataElement : default;
            if (data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            {
                return WebhookVerificationResult.Fail(WebhookFailureReason.MalformedBody);
            }

            var expected = Encoding.ASCII.GetBytes(WebhookSignature.ComputeHex(_appId, timestampText, data, _key));
            var received = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
            if (!CryptographicOperations.FixedTimeEquals(expected, received))
            {
                return WebhookVerificationResult.Fail(WebhookFailureReason.BadSignature);
            }

            try
            {
                var webhookEvent = new KeySecureWebhookEvent(id, new WebhookAction(actionElement.GetString()!), timezoneHeader, timestamp, data);
                return WebhookVerificationResult.Success(webhookEvent);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                // Authentic but not of the documented shape; the inner exception is kept for the caller but never logged by the SDK.
                return WebhookVerificationResult.Fail(WebhookFailureReason.MalformedBody, exception);
            }
        }
    }

    /// <summary>Verifies a notification and returns its event.</summary>
    /// <exception cref="KeySecureWebhookException">The notification failed verification.</exception>
    public KeySecureWebhookEvent VerifyOrThrow(
        ReadOnlySpan<byte> body,
        string? timestampHeader,
        string? signatureHeader,
        string? signVersionHeader,
        string? timezoneHeader = null) =>
        Verify(body, timestampHeader, signatureHeader, signVersionHeader, timezoneHeader).GetEventOrThrow();
}
