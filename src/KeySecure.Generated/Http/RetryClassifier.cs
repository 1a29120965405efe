using KeySecure.Generated.Exceptions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace KeySecure.Generated.Http;

/// <summary>
/// The one place that decides whether a failed attempt may be sent again. A read may be retried on any transient
/// failure; a call that changes state or moves money only when it certainly never reached the server, so that a
/// retry can never apply it twice.
/// </summary>
internal static class RetryClassifier
{
    /// <summary>True when the failure happened before any byte of the request could reach the server.</summary>
    public static bool NeverReachedServer(Exception exception) => exception switch
    {
        HttpRequestException http => http.HttpRequestError is HttpRequestError.NameResolutionError
            or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError
            or HttpRequestError.ProxyTunnelError,
        _ => false,
    };

    /// <summary>True for failures that may pass if the same call is sent again later.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        BrokenCircuitException => false,
        // A WorldFirst U asks for a new query minutes later, not now: WorldFirstUnknownResultPoller owns that schedule.
        WorldFirstUnknownResultException => false,
        TimeoutRejectedException => true,
        HttpRequestException => true,
        KeySecureException sdk => sdk.IsTransient,
        _ => false,
    };

    /// <summary>Whether an attempt of <paramref name="operation"/> that failed with <paramref name="exception"/> may be retried.</summary>
    public static bool ShouldRetry(OperationMetadata? operation, Exception exception)
    {
        if (NeverReachedServer(exception)) return true;
        var retrySafe = operation?.IsRetrySafe ?? false;
        return retrySafe && IsTransient(exception);
    }
}
