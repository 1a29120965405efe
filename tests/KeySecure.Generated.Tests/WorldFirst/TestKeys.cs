using System.Security.Cryptography;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>Two RSA key pairs generated once per test run: the merchant's and a stand-in for WorldFirst's.</summary>
internal static class TestKeys
{
    private static readonly Lazy<KeyPair> MerchantPair = new(() => KeyPair.Create("merchant"));
    private static readonly Lazy<KeyPair> WorldFirstPair = new(() => KeyPair.Create("worldfirst"));

    public static KeyPair Merchant => MerchantPair.Value;
    public static KeyPair WorldFirst => WorldFirstPair.Value;

    internal sealed class KeyPair
    {
        private readonly RSA _rsa;
        private readonly Lock _gate = new();

        private KeyPair(RSA rsa, string directory, string name)
        {
            _rsa = rsa;
            PrivatePem = rsa.ExportPkcs8PrivateKeyPem();
            PublicPem = rsa.ExportSubjectPublicKeyInfoPem();
            PrivateFile = Path.Combine(directory, $"{name}.key.pem");
            PublicFile = Path.Combine(directory, $"{name}.pub.pem");
            File.WriteAllText(PrivateFile, PrivatePem);
            File.WriteAllText(PublicFile, PublicPem);
        }

        public string PrivatePem { get; }
        public string PublicPem { get; }
        public string PrivateFile { get; }
        public string PublicFile { get; }
        public string Pkcs1PrivatePem => _rsa.ExportRSAPrivateKeyPem();

        public static KeyPair Create(string name)
        {
            var directory = Directory.CreateTempSubdirectory("wf-keys-").FullName;
            return new KeyPair(RSA.Create(2048), directory, name);
        }

        // The test side serializes its own RSA use so that a concurrency failure can only come from the SDK.
        public byte[] Sign(byte[] text)
        {
            lock (_gate) return _rsa.SignData(text, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        public bool Verify(byte[] text, byte[] signature)
        {
            lock (_gate) return _rsa.VerifyData(text, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }
}
