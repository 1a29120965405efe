using System.Security.Cryptography;
using System.Text;

namespace KeySecure.Sandbox.Rules;

/// <summary>
/// The platform's field encryption as the sandbox performs it: AES/ECB/PKCS5Padding (PKCS#7 for 16-byte blocks) with
/// the UTF-8 bytes of the apiSecret as the key, Base64 text. Written here rather than borrowed from the SDK, so the
/// sandbox checks the SDK instead of agreeing with it by construction.
/// </summary>
internal sealed class SandboxAesEcb : IDisposable
{
    private readonly Aes _aes = Aes.Create();

    public SandboxAesEcb(string apiSecret)
    {
        var key = Encoding.UTF8.GetBytes(apiSecret);
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("The sandbox apiSecret must be 16, 24 or 32 UTF-8 bytes (an AES key).", nameof(apiSecret));
        }
        _aes.Key = key;
    }

    public string Encrypt(string plaintext)
    {
        lock (_aes) return Convert.ToBase64String(_aes.EncryptEcb(Encoding.UTF8.GetBytes(plaintext), PaddingMode.PKCS7));
    }

    /// <summary>The plaintext, or null when the text is not Base64 of whole blocks under this key with valid padding.</summary>
    public string? TryDecrypt(string base64)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var length) || length == 0 || length % 16 != 0) return null;
        try
        {
            lock (_aes) return Encoding.UTF8.GetString(_aes.DecryptEcb(buffer.AsSpan(0, length), PaddingMode.PKCS7));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _aes.Dispose();
}
