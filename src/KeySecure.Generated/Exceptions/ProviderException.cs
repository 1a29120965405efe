namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The one contract of every provider failure, whichever provider and whatever went wrong: the HTTP status, the
/// provider's error code and message, the operation, whether it is transient and whether its outcome is unknown.
/// </summary>
/// <remarks>
/// Subtypes add detail: <see cref="KeySecureApiException"/> (a KeySecure <c>code</c>), <see cref="WorldFirstResultException"/>
/// (a WorldFirst <c>F</c> or <c>U</c>), <see cref="ProviderResponseException"/> (an HTTP error, an unusable body, a
/// network failure or a timeout). A signature that does not verify is a <see cref="WorldFirstSignatureException"/>, an answer that does not decrypt a
/// <see cref="KeySecureCryptoException"/>. A call that was refused before sending is a <see cref="RequestNotSentException"/>.
/// </remarks>
public abstract class ProviderException : KeySecureException
{
    /// <summary>Creates the exception.</summary>
    private protected ProviderException(string message, string? operationId, int statusCode, string? errorCode, string? providerMessage, Exception? innerException)
        : base(message, operationId, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ProviderMessage = providerMessage ?? string.Empty;
    }

    /// <summary>The HTTP status, or 0 when no response arrived (network failure, timeout).</summary>
    public int StatusCode { get; }

    /// <summary>The provider's error code (KeySecure <c>code</c> such as <c>1009</c>, WorldFirst <c>resultCode</c>), or null when the provider gave none.</summary>
    public string? ErrorCode { get; }

    /// <summary>The provider's own message (<c>msg</c>, <c>resultMessage</c>), as sent; empty when there was none.</summary>
    public string ProviderMessage { get; }
}
