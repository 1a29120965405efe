using System.Security.Cryptography;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// The real SDK wired through DI (<c>AddWorldFirst</c>) against WireMock, with two RSA key pairs generated per test:
/// the merchant's (the SDK signs requests with its private key) and WorldFirst's (the test signs responses with it).
/// </summary>
public sealed class WorldFirstSdk : IDisposable
{
    public const string ClientId = "SANDBOX_5YBZ1C2Z0JVE02247";
    public const int KeyVersion = 1;

    public RSA MerchantKey { get; } = RSA.Create(2048);

    public RSA WorldFirstKey { get; } = RSA.Create(2048);

    public ServiceProvider Build(Uri wireMock, Action<WorldFirstOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorldFirst(options =>
        {
            options.BaseAddress = wireMock;
            options.ClientId = ClientId;
            options.KeyVersion = KeyVersion;
            options.PrivateKeyPem = MerchantKey.ExportPkcs8PrivateKeyPem();
            options.WorldFirstPublicKeyPem = WorldFirstKey.ExportSubjectPublicKeyInfoPem();
            options.VerificationMode = WorldFirstVerificationMode.Required;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        MerchantKey.Dispose();
        WorldFirstKey.Dispose();
    }
}
