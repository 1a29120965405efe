namespace KeySecure.Generated.Exceptions;

/// <summary>Encryption or decryption of an AES field failed: a wrong <c>ApiSecret</c> or a corrupted ciphertext.</summary>
public sealed class KeySecureCryptoException : KeySecureException
{
    /// <summary>Creates the exception; the message never contains plaintext or ciphertext.</summary>
    public KeySecureCryptoException(string message, string? operationId, Exception? innerException = null)
        : base(operationId is null ? message : $"{operationId}: {message}", operationId, innerException)
    {
    }
}
