namespace KeySecure.Generated.Exceptions;

/// <summary>
/// A call that changes state or moves money was answered <c>code 0</c>, so the provider applied it, but the answer's
/// <c>data</c> could not be read (a value of an unexpected type, a shape the spec does not describe). The change
/// happened: do not send the request again; look its result up instead (e.g. by <c>transfer_unique_no</c> or
/// <c>card_unique_no</c>). The message and <see cref="ProviderResponseException.BodyExcerpt"/> carry a redacted excerpt
/// of <c>data</c>.
/// </summary>
/// <remarks>
/// A <see cref="ProviderResponseException"/> so that existing handlers still catch it, but never transient: retrying
/// would apply the change twice.
/// </remarks>
public sealed class AppliedWriteUnreadableException : ProviderResponseException
{
    /// <summary>Creates the exception for <paramref name="operationId"/> from the unreadable <paramref name="data"/>.</summary>
    public AppliedWriteUnreadableException(string? operationId, string data, Exception? innerException)
        : base("The provider answered code 0 and applied the request, but its data could not be read, so its outcome is unknown to the caller; do not send it again, look the result up",
            200, data, operationId, null, innerException)
    {
        // The change took effect but its result is not known to the caller: like any unknown outcome, read it back
        // and never resend it (OutcomeUnknown is what retry logic and the CLI check first).
        OutcomeUnknown = true;
    }

    /// <summary>Always true: the provider reported success, so the change took effect.</summary>
    public bool ProviderApplied => true;

    // Never transient: sending the request again would apply it twice.
    internal override bool IsTransientFailure => false;
}
