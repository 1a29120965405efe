using KeySecure.Generated.Http;

namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The provider's answer could not be used: an HTTP error status, a body that is not the provider's JSON (an HTML
/// 502 from a gateway), truncated or malformed JSON, or a network failure or timeout after the retries the operation
/// allows.
/// </summary>
public class ProviderResponseException : ProviderException
{
    /// <summary>Creates the exception for a failure whose outcome is known (nothing was applied); <paramref name="response"/> is reduced to a short redacted excerpt.</summary>
    public ProviderResponseException(string message, int statusCode, string? response, string? operationId, TimeSpan? retryAfter, Exception? innerException)
        : this(message, statusCode, response, operationId, retryAfter, innerException, outcomeUnknown: false)
    {
    }

    /// <summary>Creates the exception for a failure of <paramref name="operation"/>; its outcome is unknown when the call changes state and may have reached the provider.</summary>
    internal ProviderResponseException(string message, int statusCode, string? response, OperationMetadata? operation, TimeSpan? retryAfter, Exception? innerException, bool mayHaveReachedServer)
        : this(message, statusCode, response, operation?.OperationId, retryAfter, innerException, outcomeUnknown: CallOutcome.IsUnknown(operation, mayHaveReachedServer))
    {
    }

    private ProviderResponseException(string message, int statusCode, string? response, string? operationId, TimeSpan? retryAfter, Exception? innerException, bool outcomeUnknown)
        : base(Compose(message, statusCode, response, operationId, outcomeUnknown), operationId, statusCode, errorCode: null, providerMessage: null, innerException)
    {
        BodyExcerpt = Redaction.Excerpt(response, 160);
        RetryAfter = retryAfter;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>The start of the body, with anything that looks like a card number, token or secret masked.</summary>
    public string BodyExcerpt { get; }

    /// <summary>5xx, 408, 429 and network failures (status 0) may succeed later.</summary>
    internal override bool IsTransientFailure => StatusCode is 0 or 408 or 429 or >= 500;

    private static string Compose(string message, int statusCode, string? response, string? operationId, bool outcomeUnknown)
    {
        var where = operationId is null ? string.Empty : $"{operationId}: ";
        var status = statusCode == 0 ? "no HTTP response" : $"HTTP {statusCode}";
        var excerpt = Redaction.Excerpt(response, 160);
        var text = excerpt.Length == 0 ? $"{where}{message} ({status})." : $"{where}{message} ({status}; body starts: {excerpt}).";
        return outcomeUnknown ? text + CallOutcome.Describe(operationId) : text;
    }

}
