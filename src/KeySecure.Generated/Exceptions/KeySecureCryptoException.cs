namespace KeySecure.Generated.Exceptions;

/// <summary>Encryption or decryption of an AES field failed: a wrong <c>ApiSecret</c> or a corrupted ciphertext.</summary>
/// <remarks>
/// A <see cref="ProviderException"/> like every failure to use the provider's answer. A response that does not decrypt
/// was still answered <c>code 0</c>; the only encrypted response is a read (private info), so nothing is left applied
/// and unknown.
/// </remarks>
public sealed class KeySecureCryptoException : ProviderException
{
    /// <summary>Creates the exception; the message never contains plaintext or ciphertext.</summary>
    public KeySecureCryptoException(string message, string? operationId, Exception? innerException = null)
        : base(operationId is null ? message : $"{operationId}: {message}", operationId, statusCode: 200, errorCode: null, providerMessage: null, innerException)
    {
    }
}
