using System.Diagnostics.CodeAnalysis;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.Webhooks;

/// <summary>The outcome of <see cref="WebhookVerifier.Verify"/>: a verified event, or the reason it was rejected.</summary>
internal sealed class WebhookVerificationResult
{
    private WebhookVerificationResult(KeySecureWebhookEvent? webhookEvent, WebhookFailureReason? failure, string? detail, Exception? inner)
    {
        Event = webhookEvent;
        Failure = failure;
        Detail = detail;
        InnerException = inner;
    }

    /// <summary>True when the notification is authentic, fresh and well-formed.</summary>
    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Event is not null;

    /// <summary>The verified event; null on failure.</summary>
    public KeySecureWebhookEvent? Event { get; }

    /// <summary>Why verification failed; null on success.</summary>
    public WebhookFailureReason? Failure { get; }

    /// <summary>
    /// What exactly was wrong, when the reason alone does not say (the repeated property's path, the missing business
    /// key). Names properties, never their values; null on success.
    /// </summary>
    public string? Detail { get; }

    private Exception? InnerException { get; }

    /// <summary>The verified event, or a <see cref="KeySecureWebhookException"/> naming the reason.</summary>
    /// <exception cref="KeySecureWebhookException">Verification failed.</exception>
    public KeySecureWebhookEvent GetEventOrThrow() =>
        Event ?? throw SdkErrors.Webhook(Failure!.Value, InnerException);

    /// <inheritdoc />
    public override string ToString() =>
        Succeeded ? $"Verified {Event}" : Detail is null ? $"Rejected ({Failure})" : $"Rejected ({Failure}: {Detail})";

    internal static WebhookVerificationResult Success(KeySecureWebhookEvent webhookEvent) => new(webhookEvent, null, null, null);

    internal static WebhookVerificationResult Fail(WebhookFailureReason reason, string? detail = null, Exception? inner = null) =>
        new(null, reason, detail, inner);
}
