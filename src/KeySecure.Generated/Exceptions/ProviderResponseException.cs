namespace KeySecure.Generated.Exceptions;

/// <summary>placeholder</summary>
public class ProviderResponseException : Exception
{
    /// <summary>placeholder</summary>
    public ProviderResponseException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : base(message, innerException) { StatusCode = statusCode; }
    /// <summary>placeholder</summary>
    public int StatusCode { get; }
}
