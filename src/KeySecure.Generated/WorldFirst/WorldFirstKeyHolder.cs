using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// The RSA keys, parsed once per application and shared by every request. <see cref="RSA.SignData(byte[], HashAlgorithmName, RSASignaturePadding)"/>
/// and <c>VerifyData</c> keep no per-call state on the instance (OpenSSL creates a fresh context per call), so one
/// instance serves concurrent requests; the 200-concurrent-calls test guards that assumption.
/// </summary>
internal sealed class WorldFirstKeyHolder : IDisposable
{
    public WorldFirstKeyHolder(IOptions<WorldFirstOptions> options)
    {
        // Options were validated at start-up; a failure here means validation was bypassed, so fail loudly.
        var value = options.Value;
        var privateError = WorldFirstKeyLoader.TryLoadPrivateKey(value, out var privateKey);
        PrivateKey = privateKey ?? throw new InvalidOperationException(privateError);
        if (value.VerificationMode != WorldFirstVerificationMode.Disabled)
        {
            var publicError = WorldFirstKeyLoader.TryLoadPublicKey(value, out var publicKey);
            WorldFirstPublicKey = publicKey ?? throw new InvalidOperationException(publicError);
        }
    }

    /// <summary>The merchant's private key (request signatures).</summary>
    public RSA PrivateKey { get; }

    /// <summary>WorldFirst's public key (response signatures); null when verification is disabled.</summary>
    public RSA? WorldFirstPublicKey { get; }

    public byte[] Sign(byte[] text) => PrivateKey.SignData(text, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature) =>
        WorldFirstPublicKey is { } key && key.VerifyData(text, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose()
    {
        PrivateKey.Dispose();
        WorldFirstPublicKey?.Dispose();
    }
}
