using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Crypto;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Benchmarks;

/// <summary>
/// Scenario 2: the SDK's cryptography per call. AES (private-info decryption, PIN encryption) with the SDK's
/// <see cref="AesEcbCipher"/>, RSA-2048 SHA256withRSA sign and verify the way WorldFirstKeyHolder does them, and a
/// whole WorldFirst call (sign the request, verify the canned signed response) through the real DI client.
/// Ratios are against one RSA sign. The comparison with OpenSSL is the <c>--openssl</c> mode.
/// </summary>
[MemoryDiagnoser]
public class CryptoBenchmarks
{
    private AesEcbCipher _cipher = null!;
    private string _privateInfoCiphertext = null!;
    private WorldFirstCanned _worldFirst = null!;
    private ServiceProvider _signOnly = null!, _signAndVerify = null!;
    private IWorldCardClient _signOnlyClient = null!, _signAndVerifyClient = null!;
    private ServiceProvider _keySecure = null!;
    private ICardsClient _cards = null!;
    private byte[] _textToSign = null!;
    private byte[] _signature = null!;
    private readonly QueryCardSensitiveInfoRequest _query = new() { AssetId = "ASSET-1" };
    private readonly SetCardPinRequest _setPin = new() { CardNo = Canned.CardNo, CardholderNo = "CH202605220001", Pin = "135790" };

    [GlobalSetup]
    public void Setup()
    {
        _cipher = new AesEcbCipher(Canned.ApiSecret);
        _privateInfoCiphertext = _cipher.Encrypt(Canned.PrivateInfoPlaintext);

        _worldFirst = new WorldFirstCanned();
        // The text a WorldFirst request signs: "<METHOD> <path>\n<Client-Id>.<Request-Time>.<body>".
        _textToSign = Encoding.UTF8.GetBytes($"POST {WorldFirstCanned.Path}\n{WorldFirstCanned.ClientId}.2026-05-22T16:00:00+08:00." + """{"assetId":"ASSET-1"}""");
        _signature = _worldFirst.Merchant.SignData(_textToSign, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        _signOnly = _worldFirst.CreateServices(WorldFirstVerificationMode.Disabled);
        _signOnlyClient = _signOnly.GetRequiredService<IWorldCardClient>();
        _signAndVerify = _worldFirst.CreateServices(WorldFirstVerificationMode.Required);
        _signAndVerifyClient = _signAndVerify.GetRequiredService<IWorldCardClient>();
        _ = WorldFirstSignAndVerifyCall().GetAwaiter().GetResult().CardNo ?? throw new InvalidOperationException("WorldFirst setup");
        _ = WorldFirstSignOnlyCall().GetAwaiter().GetResult();

        _keySecure = Sdk.Create(new CannedHandler());
        _cards = _keySecure.GetRequiredService<ICardsClient>();
        _ = SdkSetCardPin().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signOnly.Dispose();
        _signAndVerify.Dispose();
        _keySecure.Dispose();
        _worldFirst.DisposeKeys();
        _cipher.Dispose();
    }

    [Benchmark(Description = "AES decrypt private info (AesEcbCipher.Decrypt)")]
    public byte[] AesDecryptPrivateInfo() => _cipher.Decrypt(_privateInfoCiphertext, "GetCardPrivateInfo");

    [Benchmark(Description = "PIN validate + encrypt (rules + AesEcbCipher.Encrypt)")]
    public string PinEncrypt()
    {
        PlaintextFieldRules.Validate("pin", "135790", "SetCardPin");
        return _cipher.Encrypt("135790");
    }

    [Benchmark(Description = "SDK SetCardPin call (canned network)")]
    public Task<OperationResult> SdkSetCardPin() => _cards.SetCardPinAsync(_setPin, CancellationToken.None);

    [Benchmark(Baseline = true, Description = "RSA-2048 sign (SignData SHA256/Pkcs1)")]
    public byte[] RsaSign() => _worldFirst.Merchant.SignData(_textToSign, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "RSA-2048 verify (VerifyData SHA256/Pkcs1)")]
    public bool RsaVerify() => _worldFirst.Merchant.VerifyData(_textToSign, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "SDK WorldFirst call, sign only (verification off)")]
    public Task<CardSensitiveInfo> WorldFirstSignOnlyCall() => _signOnlyClient.QueryCardSensitiveInfoAsync(_query, CancellationToken.None);

    [Benchmark(Description = "SDK WorldFirst call, sign + verify")]
    public Task<CardSensitiveInfo> WorldFirstSignAndVerifyCall() => _signAndVerifyClient.QueryCardSensitiveInfoAsync(_query, CancellationToken.None);
}
