using KeySecure.Generated.OpenPlatform;

[assembly: AssemblyFixture(typeof(KeySecure.Sandbox.Tests.Infrastructure.SandboxFixture))]

namespace KeySecure.Sandbox.Tests.Infrastructure;

/// <summary>
/// One sandbox (both modes, PCI on, no rate limit, KYC decided on first read only) with a webhook receiver, shared by
/// the tests; tests that need other options start their own with <see cref="StartAsync"/>.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    /// <summary>Generated once per run: RSA key generation is the slowest part of starting a sandbox.</summary>
    public static readonly Lazy<SandboxCredentials> SharedCredentials = new(SandboxCredentials.Generate);

    public SandboxServer Sandbox { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public static Task<SandboxServer> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            Credentials = SharedCredentials.Value,
            RateLimitPerSecond = 0,
            KycDecisionDelay = TimeSpan.FromHours(1),
            WebhookRetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)],
        };
        configure?.Invoke(options);
        return SandboxServer.StartAsync(options, TestContext.Current.CancellationToken);
    }

    public async ValueTask InitializeAsync()
    {
        var credentials = SharedCredentials.Value;
        Receiver = await WebhookReceiver.StartAsync(credentials.ApiKey, credentials.ApiSecret);
        Sandbox = await StartAsync(o => o.WebhookUrl = Receiver.Url);
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    public Sdk Sdk(Func<HttpRequestMessage, Task>? tamper = null, bool sendsOffSpecRequests = false) =>
        new(Sandbox, tamper: tamper, sendsOffSpecRequests: sendsOffSpecRequests);

    /// <summary>A new cardholder whose KYC is Approved (apply, then read twice: Pending, Approved).</summary>
    public static async Task<string> ApprovedCardholderAsync(Sdk sdk, string? token = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var applied = await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest
        {
            CardholderUniqueNo = "CH-" + Guid.NewGuid().ToString("N"),
            SumsubShareToken = token ?? "sumsub-" + Guid.NewGuid().ToString("N"),
        }, ct);
        await sdk.Cardholders.GetCardholderAsync(applied.CardholderNo!, ct);
        await sdk.Cardholders.GetCardholderAsync(applied.CardholderNo!, ct);
        return applied.CardholderNo!;
    }

    public static AddressInfo Address() => new()
    {
        FirstName = "Ada",
        LastName = "Lovelace",
        PhoneCode = "65",
        Phone = "81234567",
        PostalCode = "049315",
        Country = "SG",
        State = "Singapore",
        City = "Singapore",
        AddressLine1 = "1 Raffles Place",
        AddressLine2 = "Tower 2",
    };

    public static async Task<ApplyCardResult> CardAsync(Sdk sdk, string cardholderNo, string type, bool withPackage = false)
    {
        return await sdk.Cards.ApplyCardAsync(new ApplyCardRequest
        {
            CardholderNo = cardholderNo,
            CardUniqueNo = "CARD-" + Guid.NewGuid().ToString("N"),
            CardType = new CardType(type),
            CardBinNo = withPackage ? null : "BIN-VISA-493193",
            PackageNo = withPackage ? "PKG-VISA-STD" : null,
            AddressInfo = type == "Physical" ? Address() : null,
        }, TestContext.Current.CancellationToken);
    }
}
