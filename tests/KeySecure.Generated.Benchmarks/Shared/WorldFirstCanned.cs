using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>Two RSA-2048 key pairs and a canned, correctly signed WorldFirst answer.</summary>
public sealed class WorldFirstCanned : HttpMessageHandler
{
    public const string ClientId = "5J5Y3N2YBENCH01";
    public const string Path = "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo";
    public const string ResponseTime = "2026-05-22T16:00:00+08:00";
    public static readonly Uri Gateway = new("https://gateway.worldfirst.test");

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"Success"},"assetId":"ASSET-1","accountId":"ACC-1","cvv":"739","cardNo":"4000123412341234","expiredMonth":"07","expiredYear":"29"}""");

    private readonly string _signatureHeader;

    public WorldFirstCanned()
    {
        // Generated, then re-imported from PEM: the SDK loads its key from PEM (WorldFirstKeyLoader), and on Linux a
        // PEM-imported key signs measurably faster than the RSA.Create(2048) instance that generated it.
        Generated = RSA.Create(2048);
        Merchant = RSA.Create();
        Merchant.ImportFromPem(Generated.ExportPkcs8PrivateKeyPem());
        WorldFirst = RSA.Create(2048);
        var text = Encoding.UTF8.GetBytes($"POST {Path}\n{ClientId}.{ResponseTime}.").Concat(Body).ToArray();
        var signature = WorldFirst.SignData(text, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _signatureHeader = $"algorithm=RSA256, keyVersion=1, signature={Uri.EscapeDataString(Convert.ToBase64String(signature))}";
    }

    /// <summary>The merchant key as the SDK holds it (imported from PEM).</summary>
    public RSA Merchant { get; }

    /// <summary>The same key as RSA.Create(2048) returned it.</summary>
    public RSA Generated { get; }
    public RSA WorldFirst { get; }

    public ServiceProvider CreateServices(WorldFirstVerificationMode mode)
    {
        var services = new ServiceCollection();
        services.AddWorldFirst(options =>
            {
                options.BaseAddress = Gateway;
                options.ClientId = ClientId;
                options.KeyVersion = 1;
                options.PrivateKeyPem = Merchant.ExportPkcs8PrivateKeyPem();
                options.WorldFirstPublicKeyPem = WorldFirst.ExportSubjectPublicKeyInfoPem();
                options.VerificationMode = mode;
            })
            .ConfigurePrimaryHttpMessageHandler(() => this);
        return services.BuildServiceProvider();
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        response.Headers.TryAddWithoutValidation("Response-Time", ResponseTime);
        response.Headers.TryAddWithoutValidation("Signature", _signatureHeader);
        return Task.FromResult(response);
    }

    protected override void Dispose(bool disposing)
    {
        // Shared by the factory's handler chains; the owner disposes the keys explicitly.
    }

    public void DisposeKeys()
    {
        Merchant.Dispose();
        Generated.Dispose();
        WorldFirst.Dispose();
    }
}
