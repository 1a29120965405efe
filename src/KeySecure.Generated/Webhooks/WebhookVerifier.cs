using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Verifies webhook notifications (signature, version, freshness) and parses them into <see cref="KeySecureWebhookEvent"/>.
/// Thread-safe; register one per merchant.
/// </summary>
/// <remarks>
/// Checks, in order: <c>Sign-Version</c> is <c>V1</c> (absent is read as <c>V1</c> unless
/// <see cref="WebhookOptions.RequireSignVersion"/>); <c>Timestamp</c> is present and is 13-digit Unix milliseconds or
/// 10-digit Unix seconds (the unit is not documented); <c>Signature</c> is present; the timestamp is within
/// <see cref="WebhookOptions.Tolerance"/> of now (either way); the body is a JSON object in which no object repeats a
/// property name, with a string <c>action</c> and an object (or absent/null) <c>data</c> none of whose property names
/// contains <c>&amp;</c> or <c>=</c> (the signed <c>k=v&amp;k=v</c> text would be ambiguous); the signature matches
/// (constant-time comparison, hex case ignored); the data of a documented action has that action's business keys
/// (<see cref="WebhookFailureReason.DataDoesNotFitAction"/>) and reads as its type. Properties the action does not
/// document are accepted and their names logged. A verified event carries a
/// <see cref="KeySecureWebhookEvent.DeliveryKey"/> made of signed content only.
/// </remarks>
public sealed partial class WebhookVerifier
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

    /// <summary>The name of the <c>AddKeySecureWebhooks</c> registration this verifier serves (copied to its events).</summary>
    public string? RegistrationName { get; init; }

    /// <summary>The time within which a notification's timestamp must fall.</summary>
    public TimeSpan Tolerance => _tolerance;

    /// <summary>Where the names of undocumented data properties are reported (never their values).</summary>
    internal ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Verifies a notification; never throws for a bad notification (see <see cref="WebhookVerificationResult.Failure"/>).</summary>
    /// <param name="body">The raw request body, byte for byte.</param>
    /// <param name="timestampHeader">The <c>Timestamp</c> header.</param>
    /// <param name="signatureHeader">The <c>Signature</c> header.</param>
    /// <param name="signVersionHeader">The <c>Sign-Version</c> header.</param>
    /// <param name="timezoneHeader">The <c>Timezone</c> header (not signed; copied to the event).</param>
    internal WebhookVerificationResult Verify(
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
        if (string.IsNullOrEmpty(timestampText)) return WebhookVerificationResult.Fail(WebhookFailureReason.MissingTimestamp);
        if (!WebhookTimestamp.TryParse(timestampText, out var timestamp))
        {
            return WebhookVerificationResult.Fail(WebhookFailureReason.MissingTimestamp, WebhookTimestamp.ExpectedForm);
        }

        var signature = signatureHeader?.Trim();
        if (string.IsNullOrEmpty(signature)) return WebhookVerificationResult.Fail(WebhookFailureReason.MissingSignature);

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
            if (root.ValueKind != JsonValueKind.Object) return WebhookVerificationResult.Fail(WebhookFailureReason.MalformedBody);
            if (WebhookDuplicateProperties.Find(root) is { } repeated)
            {
                return WebhookVerificationResult.Fail(WebhookFailureReason.DuplicateProperty, $"{WebhookPrintable.Of(repeated)} appears more than once");
            }
            if (!root.TryGetProperty("action", out var actionElement) || actionElement.ValueKind != JsonValueKind.String)
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
            if (AmbiguousKey(data) is { } ambiguous)
            {
                return WebhookVerificationResult.Fail(WebhookFailureReason.MalformedBody, $"data key {WebhookPrintable.Of(ambiguous)} contains & or =, which makes the signed text ambiguous");
            }

            var computed = WebhookSignature.ComputeHex(_appId, timestampText, data, _key);
            var received = signature.ToLowerInvariant();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(received)))
            {
                return WebhookVerificationResult.Fail(WebhookFailureReason.BadSignature);
            }

            var action = new WebhookAction(actionElement.GetString()!);
            var (mismatch, undocumented) = WebhookDataShape.Check(action, data);
            if (mismatch is not null) return WebhookVerificationResult.Fail(WebhookFailureReason.DataDoesNotFitAction, mismatch);
            if (undocumented.Count > 0)
            {
                LogUndocumentedFields(Logger, action.Value, WebhookPrintable.Of(id), string.Join(", ", undocumented.Select(WebhookPrintable.Of)));
            }

            try
            {
                var webhookEvent = new KeySecureWebhookEvent(id, action, timezoneHeader, timestamp, data)
                {
                    DeliveryKey = WebhookSignature.Version1 + ":" + computed,
                    RegistrationName = RegistrationName,
                };
                return WebhookVerificationResult.Success(webhookEvent);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                // Authentic but a value has the wrong type; the inner exception is kept for the caller but never logged by the SDK.
                return WebhookVerificationResult.Fail(WebhookFailureReason.DataDoesNotFitAction, $"{action} data has a value of the wrong type", exception);
            }
        }
    }

    /// <summary>
    /// The first top-level data key containing <c>&amp;</c> or <c>=</c>, or null. The signed text joins <c>k=v</c> pairs
    /// with <c>&amp;</c>, so such a key lets one body be read as other pairs with the same signature.
    /// </summary>
    private static string? AmbiguousKey(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in data.EnumerateObject())
        {
            if (property.Name.AsSpan().IndexOfAny('&', '=') >= 0) return property.Name;
        }
        return null;
    }

    [LoggerMessage(20, LogLevel.Information, "KeySecure webhook {Action} {EventId} carries properties its action does not document ({Properties}); accepted.")]
    private static partial void LogUndocumentedFields(ILogger logger, string action, string? eventId, string properties);

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
