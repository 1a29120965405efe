namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The provider's answer could not be used: an HTTP error status, a body that is not the provider's JSON (an HTML
/// 502 from a gateway), truncated or malformed JSON, or a network failure after the retries the operation allows.
/// </summary>
/// <remarks>The constructor matches the one NSwag's generated clients call (<c>exceptionClass</c> in nswag.json).</remarks>
public class ProviderResponseException : KeySecureException
{
    /// <summary>The constructor the generated clients use.</summary>
    public ProviderResponseException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException)
        : this(message, statusCode, response, operationId: null, RetryAfterFrom(headers), innerException)
    {
    }

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

    private static TimeSpan? RetryAfterFrom(IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        if (headers is null || !headers.TryGetValue("Retry-After", out var values)) return null;
        var first = values.FirstOrDefault();
        return int.TryParse(first, out var seconds) && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
    }
}

/// <summary>
/// A <see cref="ProviderResponseException"/> whose body parsed as the spec's error schema; thrown by generated code
/// for the spec's <c>default</c> responses.
/// </summary>
/// <typeparam name="TResult">The error schema's type.</typeparam>
public sealed class ProviderResponseException<TResult> : ProviderResponseException
{
    /// <summary>The constructor the generated clients use.</summary>
    public ProviderResponseException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, TResult result, Exception? innerException)
        : base(message, statusCode, response, headers, innerException)
    {
        Result = result;
    }

    /// <summary>The parsed error body.</summary>
    public TResult Result { get; }
}
