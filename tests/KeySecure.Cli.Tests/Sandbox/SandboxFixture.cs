using System.Globalization;
using KeySecure.Generated;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Cli.Tests.Sandbox;

/// <summary>
/// One embedded sandbox per test class, with an approved cardholder, an Activated virtual card and a ToActivate
/// physical card created through the SDK (the CLI is then run against them through its environment variables).
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private ServiceProvider? _sdk;
    private string? _keyDirectory;

    public SandboxServer Server { get; private set; } = null!;

    internal KeySecureClient Sdk { get; private set; } = null!;

    public string CardholderNo { get; private set; } = null!;

    public string VirtualCardNo { get; private set; } = null!;

    public string PhysicalCardNo { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(new SandboxOptions { KycDecisionDelay = TimeSpan.Zero });
        var services = new ServiceCollection();
        services.AddKeySecure(o =>
        {
            o.BaseAddress = Server.BaseAddress;
            o.ApiKey = Server.Credentials.ApiKey;
            o.ApiSecret = Server.Credentials.ApiSecret;
        });
        _sdk = services.BuildServiceProvider();
        Sdk = _sdk.GetRequiredService<IKeySecureClientFactory>().Create();

        var holder = await Sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = "cli-test-holder", SumsubShareToken = "cli-test" });
        CardholderNo = holder.CardholderNo!;
        VirtualCardNo = (await Sdk.Cards.ApplyCardAsync(new ApplyCardRequest
        {
            CardholderNo = CardholderNo, CardUniqueNo = "cli-test-virtual", PackageNo = "PKG-VISA-STD", CardType = CardType.Virtual,
        })).CardNo!;
        PhysicalCardNo = (await Sdk.Cards.ApplyCardAsync(new ApplyCardRequest
        {
            CardholderNo = CardholderNo, CardUniqueNo = "cli-test-physical", PackageNo = "PKG-VISA-STD", CardType = CardType.Physical,
            AddressInfo = new AddressInfo
            {
                FirstName = "Grace", LastName = "Hopper", PhoneCode = "1", Phone = "2025550100", PostalCode = "10001",
                Country = "US", State = "NY", City = "New York", AddressLine1 = "1 Test Avenue",
            },
        })).CardNo!;
    }

    /// <summary>The environment that points the CLI at this sandbox (KeySecure and WorldFirst).</summary>
    public Dictionary<string, string?> Env()
    {
        var c = Server.Credentials;
        if (_keyDirectory is null)
        {
            _keyDirectory = Directory.CreateTempSubdirectory("ks-cli-sbx-").FullName;
            File.WriteAllText(Path.Combine(_keyDirectory, "merchant.pem"), c.MerchantPrivateKeyPem);
            File.WriteAllText(Path.Combine(_keyDirectory, "worldfirst.pem"), c.WorldFirstPublicKeyPem);
        }
        return new Dictionary<string, string?>
        {
            ["KEYSECURE_BASE_URL"] = Server.BaseAddress.ToString(),
            ["KEYSECURE_API_KEY"] = c.ApiKey,
            ["KEYSECURE_API_SECRET"] = c.ApiSecret,
            ["WORLDFIRST_BASE_URL"] = Server.BaseAddress.ToString(),
            ["WORLDFIRST_CLIENT_ID"] = c.WorldFirstClientId,
            ["WORLDFIRST_PRIVATE_KEY_FILE"] = Path.Combine(_keyDirectory, "merchant.pem"),
            ["WORLDFIRST_PUBLIC_KEY_FILE"] = Path.Combine(_keyDirectory, "worldfirst.pem"),
            ["WORLDFIRST_KEY_VERSION"] = c.KeyVersion.ToString(CultureInfo.InvariantCulture),
            ["KEYSECURE_MAX_RETRIES"] = "1",
            ["KEYSECURE_RETRY_BASE_DELAY_MS"] = "0",
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_sdk is not null) await _sdk.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        if (_keyDirectory is not null) Directory.Delete(_keyDirectory, recursive: true);
    }
}
