using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.OpenPlatform.Crypto;

/// <summary>
/// AES/ECB/PKCS5Padding with Base64 text, keyed by the merchant's apiSecret: the provider's scheme for the PIN,
/// the CVV and the card private info. ECB is the provider's choice, not ours.
/// </summary>
/// <remarks>
/// The key is expanded once into reusable transforms; transforms are not thread-safe, so each call borrows one from
/// a small pool instead of creating (and re-expanding the key) per call.
/// </remarks>
internal sealed class AesEcbCipher : IDisposable
{
    private readonly Aes _aes;
    private readonly ConcurrentBag<ICryptoTransform> _encryptors = new();
    private readonly ConcurrentBag<ICryptoTransform> _decryptors = new();

    /// <summary>Creates the cipher; the key is the secret's UTF-8 bytes (16, 24 or 32 of them).</summary>
    public AesEcbCipher(string apiSecret)
    {
        var key = Encoding.UTF8.GetBytes(apiSecret);
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("The apiSecret must be 16, 24 or 32 bytes in UTF-8 to serve as an AES key.", nameof(apiSecret));
        }
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.PKCS7;
        _aes.Key = key;
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>Encrypts UTF-8 text and returns Base64.</summary>
    public string Encrypt(string plaintext)
    {
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return Convert.ToBase64String(Transform(_encryptors, static aes => aes.CreateEncryptor(), bytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Decrypts Base64 ciphertext to bytes (usually UTF-8 JSON).</summary>
    /// <exception cref="KeySecureCryptoException">The text is not Base64, or the key does not match (bad padding).</exception>
    public byte[] Decrypt(string base64Ciphertext, string? operationId)
    {
        byte[] cipherBytes;
        try
        {
            cipherBytes = Convert.FromBase64String(base64Ciphertext);
        }
        catch (FormatException e)
        {
            throw SdkErrors.Crypto("The encrypted field is not valid Base64; it may be corrupted.", operationId, e);
        }
        if (cipherBytes.Length == 0 || cipherBytes.Length % 16 != 0)
        {
            throw SdkErrors.Crypto("The encrypted field is not a whole number of AES blocks; it may be truncated or corrupted.", operationId);
        }
        try
        {
            return Transform(_decryptors, static aes => aes.CreateDecryptor(), cipherBytes);
        }
        catch (CryptographicException e)
        {
            throw SdkErrors.Crypto("Decryption failed: the ApiSecret does not match the one the provider used, or the ciphertext is corrupted.", operationId, e);
        }
    }

    private byte[] Transform(ConcurrentBag<ICryptoTransform> pool, Func<Aes, ICryptoTransform> create, byte[] input)
    {
        if (!pool.TryTake(out var transform))
        {
            lock (_aes)
            {
                transform = create(_aes);
            }
        }
        try
        {
            var output = transform.TransformFinalBlock(input, 0, input.Length);
            pool.Add(transform);
            return output;
        }
        catch
        {
            // A transform that threw may hold partial state: drop it rather than return it to the pool.
            transform.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_encryptors.TryTake(out var e)) e.Dispose();
        while (_decryptors.TryTake(out var d)) d.Dispose();
        _aes.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => "AesEcbCipher { Key = *** }";
}
