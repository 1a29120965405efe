using System.Security.Cryptography;
using System.Text;

namespace KeySecure.Generated.ContractTests.Verification;

/// <summary>
/// The provider's field encryption written independently of the SDK: AES/ECB/PKCS5Padding (PKCS7 in .NET), Base64,
/// key = the UTF-8 bytes of the ApiSecret.
/// </summary>
public static class AesEcb
{
    public static string Decrypt(string base64Ciphertext, string apiSecret)
    {
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(apiSecret);
        var plain = aes.DecryptEcb(Convert.FromBase64String(base64Ciphertext), PaddingMode.PKCS7);
        return Encoding.UTF8.GetString(plain);
    }

    public static string Encrypt(string plaintext, string apiSecret)
    {
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(apiSecret);
        return Convert.ToBase64String(aes.EncryptEcb(Encoding.UTF8.GetBytes(plaintext), PaddingMode.PKCS7));
    }
}
