using System.Security.Cryptography;
using System.Text;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Generated.ContractTests.Verification;

/// <summary>
/// WorldFirst signing written independently of the SDK: SHA256withRSA (PKCS#1 v1.5) over
/// <c>&lt;METHOD&gt; &lt;path&gt;\n&lt;Client-Id&gt;.&lt;time&gt;.&lt;body&gt;</c>, Base64, URL-encoded, in
/// <c>Signature: algorithm=RSA256, keyVersion=n, signature=...</c>.
/// </summary>
public static class WorldFirstSignatures
{
    public static byte[] SignedText(string method, string path, string clientId, string time, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{method} {path}\n{clientId}.{time}.");
        return [.. prefix, .. body];
    }

    public static string SignatureHeader(RSA key, int keyVersion, string method, string path, string clientId, string time, string body)
    {
        var signature = key.SignData(SignedText(method, path, clientId, time, Encoding.UTF8.GetBytes(body)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"algorithm=RSA256, keyVersion={keyVersion}, signature={Uri.EscapeDataString(Convert.ToBase64String(signature))}";
    }

    /// <summary>Asserts the request's Signature header verifies with the merchant's public key over the bytes sent.</summary>
    public static void AssertRequestSigned(RecordedRequest request, RSA merchantPublicKey, string clientId, int keyVersion)
    {
        Assert.Equal(clientId, request.Header("Client-Id"));
        var requestTime = request.Header("Request-Time");
        Assert.False(string.IsNullOrEmpty(requestTime), $"{request}: no Request-Time header.");
        Assert.True(DateTimeOffset.TryParse(requestTime, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var sentAt),
            $"{request}: Request-Time '{requestTime}' is not ISO 8601.");
        Assert.Matches(@"(Z|[+-]\d{2}:\d{2})$", requestTime); // with offset, as documented
        Assert.True((request.LoggedAt - sentAt).Duration() < TimeSpan.FromMinutes(1), $"{request}: Request-Time {requestTime} is far from the server clock.");

        var header = request.Header("Signature");
        Assert.False(string.IsNullOrEmpty(header), $"{request}: no Signature header.");
        var parts = header!.Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
        Assert.Equal("RSA256", parts.GetValueOrDefault("algorithm"));
        Assert.Equal(keyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), parts.GetValueOrDefault("keyVersion"));
        var encoded = parts.GetValueOrDefault("signature") ?? string.Empty;
        Assert.DoesNotContain("+", encoded); // URL-encoded Base64
        var signature = Convert.FromBase64String(Uri.UnescapeDataString(encoded));

        var text = SignedText(request.Method, request.Path, clientId, requestTime!, request.BodyBytes);
        Assert.True(merchantPublicKey.VerifyData(text, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            $"{request}: Signature does not verify over \"{request.Method} {request.Path}\\n{clientId}.{requestTime}.<body>\".");
    }
}
