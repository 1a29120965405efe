namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The base of every exception the SDK throws on purpose. Messages never carry card data, secrets, tokens or keys.
/// </summary>
/// <remarks>
/// Two properties tell a caller what to do next: <see cref="IsTransient"/> (sending the same call again later may
/// succeed, and cannot apply it twice) and <see cref="OutcomeUnknown"/> (a call that changes state or moves money may
/// have been applied although it failed: read the resource back before anything else). They are never both true.
/// </remarks>
public abstract class KeySecureException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected KeySecureException(string message, string? operationId, Exception? innerException = null)
        : base(message, innerException)
    {
        OperationId = operationId;
    }

    /// <summary>The spec's operationId of the call that failed, when known (e.g. <c>GetCardDetail</c>).</summary>
    public string? OperationId { get; }

    /// <summary>
    /// True when sending the same call again later may succeed and cannot apply it twice: a read that failed
    /// transiently, or a write that certainly was not applied (it never reached the provider, or the provider refused
    /// it before doing anything, as with 429 or code 1009). Always false when <see cref="OutcomeUnknown"/> is true.
    /// </summary>
    public bool IsTransient => !OutcomeUnknown && IsTransientFailure;

    /// <summary>
    /// True when a call that changes state or moves money failed after a byte of it could have reached the provider
    /// (a timeout after sending, a connection reset mid-response, a 5xx/408, a body that cannot be read): it may have
    /// been applied. Do not send it again as a new request; read the resource back first (the message says how).
    /// Always false for reads and for calls that certainly never reached the provider.
    /// </summary>
    public bool OutcomeUnknown { get; private protected init; }

    /// <summary>
    /// How long to wait before sending the call again, when known: the provider's <c>Retry-After</c> (seconds or an
    /// HTTP date), WorldFirst's documented schedule for a <c>U</c>, or how long an open circuit stays open.
    /// </summary>
    public TimeSpan? RetryAfter { get; private protected init; }

    /// <summary>Whether this kind of failure may pass if the call is sent again, before the call's effect is considered.</summary>
    internal virtual bool IsTransientFailure => false;
}
