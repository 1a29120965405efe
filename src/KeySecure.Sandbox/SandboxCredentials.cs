namespace KeySecure.Sandbox;

/// <summary>
/// The credentials a sandbox accepts: the KeySecure merchant key and secret, and the WorldFirst client id with both
/// RSA key pairs' public halves (and the merchant's private key, so a client can sign).
/// </summary>
/// <param name="ApiKey">KeySecure <c>Api-Key</c>; also the <c>appId</c> of webhook signatures.</param>
/// <param name="ApiSecret">KeySecure apiSecret: the AES key (16, 24 or 32 UTF-8 bytes) and the webhook HMAC key.</param>
/// <param name="WorldFirstClientId">WorldFirst <c>Client-Id</c>.</param>
/// <param name="MerchantPrivateKeyPem">The merchant's RSA private key (PKCS#8 PEM) that clients sign WorldFirst requests with.</param>
/// <param name="MerchantPublicKeyPem">The merchant's RSA public key (SubjectPublicKeyInfo PEM) the sandbox verifies requests with.</param>
/// <param name="WorldFirstPublicKeyPem">The sandbox's WorldFirst RSA public key (SubjectPublicKeyInfo PEM) clients verify responses with.</param>
/// <param name="KeyVersion">The <c>keyVersion</c> expected in the WorldFirst <c>Signature</c> header.</param>
public sealed record SandboxCredentials(
    string ApiKey,
    string ApiSecret,
    string WorldFirstClientId,
    string MerchantPrivateKeyPem,
    string MerchantPublicKeyPem,
    string WorldFirstPublicKeyPem,
    int KeyVersion)
{
    /// <summary>The sandbox's WorldFirst private key (PKCS#8 PEM) that signs responses; generated with the rest.</summary>
    public string? WorldFirstPrivateKeyPem { get; init; }

    /// <summary>Generates fresh credentials: random key and secret (32 ASCII characters, AES-256) and two 2048-bit RSA pairs.</summary>
    public static SandboxCredentials Generate()
    {
        using var merchant = System.Security.Cryptography.RSA.Create(2048);
        using var worldFirst = System.Security.Cryptography.RSA.Create(2048);
        return new SandboxCredentials(
            "sbx_ak_" + RandomText(16),
            RandomText(32),
            "SBX" + RandomText(12).ToUpperInvariant(),
            merchant.ExportPkcs8PrivateKeyPem(),
            merchant.ExportSubjectPublicKeyInfoPem(),
            worldFirst.ExportSubjectPublicKeyInfoPem(),
            1)
        {
            WorldFirstPrivateKeyPem = worldFirst.ExportPkcs8PrivateKeyPem(),
        };
    }

    /// <summary>Masks the secret and the private keys.</summary>
    public override string ToString() =>
        $"SandboxCredentials {{ ApiKey = {ApiKey}, ApiSecret = ***, WorldFirstClientId = {WorldFirstClientId}, KeyVersion = {KeyVersion} }}";

    private static string RandomText(int length) =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);
}
