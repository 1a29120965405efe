namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The SDK refused to send the call: the registration's concurrency limit was full, or its circuit breaker was open
/// after repeated provider failures. Nothing of this call left the process, so it cannot have been applied.
/// </summary>
public sealed class RequestNotSentException : KeySecureException
{
    /// <summary>Creates the exception.</summary>
    public RequestNotSentException(RequestNotSentReason reason, string? operationId, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(BuildMessage(reason, operationId, retryAfter, innerException), operationId, innerException)
    {
        Reason = reason;
        RetryAfter = retryAfter;
    }

    /// <summary>Why the call was not sent.</summary>
    public RequestNotSentReason Reason { get; }

    /// <summary>
    /// Nothing was sent, so sending later cannot apply the call twice; it may pass later unless the token was refused
    /// for a reason that does not pass with time (a wrong Api-Key, say).
    /// </summary>
    internal override bool IsTransientFailure => Reason != RequestNotSentReason.TokenUnavailable
        || InnerException is not KeySecureException token || token.IsTransient;

    private static string BuildMessage(RequestNotSentReason reason, string? operationId, TimeSpan? retryAfter, Exception? innerException)
    {
        var where = operationId is null ? string.Empty : $"{operationId}: ";
        var why = reason switch
        {
            RequestNotSentReason.ConcurrencyLimit => "the client-side limit of concurrent requests (Resilience:RateLimiter) is reached",
            RequestNotSentReason.CircuitOpen => "the circuit breaker is open after repeated provider failures",
            // The SDK's own messages carry no secrets or card data, so Get Token's failure is repeated as it is.
            RequestNotSentReason.TokenUnavailable => innerException is KeySecureException token
                ? $"no Access-Token could be obtained for it (Get Token failed: {token.Message.TrimEnd('.')})"
                : "no Access-Token could be obtained for it (Get Token failed; see the inner exception)",
            _ => "the resilience pipeline refused it",
        };
        var when = retryAfter is { } wait ? $" Try again after {wait.TotalSeconds:0.#} s." : string.Empty;
        return $"{where}Not sent: {why}. Nothing reached the provider, so nothing was applied.{when}";
    }
}

/// <summary>Why the SDK refused to send a call.</summary>
public enum RequestNotSentReason
{
    /// <summary>The registration's concurrency limiter had no permit free.</summary>
    ConcurrencyLimit = 1,

    /// <summary>The registration's circuit breaker was open.</summary>
    CircuitOpen,

    /// <summary>The call needs an <c>Access-Token</c> and Get Token failed, so the call itself never left.</summary>
    TokenUnavailable,
}
