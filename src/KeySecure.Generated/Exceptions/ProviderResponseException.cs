namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The provider's answer could not be used: an HTTP error status, a body that is not the provider's JSON (an HTML
/// 502 from a gateway), truncated or malformed JSON, or a network failure after the retries the operation allows.
/// </summary>
public class ProviderResponseException : KeySecureException
{
    /// <summary>Creates the exception; <paramref name="response"/> is reduced to a short redacted excerpt.</summary>
    public ProviderResponseException(string message, int statusCode, string? response, string? operationId, TimeSpan? retryAfter, Exception? innerException)
        : base(Compose(message, statusCode, response, operationId), operationId, innerException)
    {
        StatusCode = statusCode;
        BodyExcerpt = Redaction.Excerpt(response, 160);
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>The start of the body, with anything that looks like a card number, token or secret masked.</summary>
    public string BodyExcerpt { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>5xx, 408, 429 and network failures (status 0) may succeed later.</summary>
    public override bool IsTransient => StatusCode is 0 or 408 or 429 or >= 500;

    private static string Compose(string message, int statusCode, string? response, string? operationId)
    {
        var where = operationId is null ? string.Empty : $"{operationId}: ";
        var status = statusCode == 0 ? "no HTTP response" : $"HTTP {statusCode}";
        var excerpt = Redaction.Excerpt(response, 160);
        return excerpt.Length == 0 ? $"{where}{message} ({status})." : $"{where}{message} ({status}; body starts: {excerpt}).";
    }
}
