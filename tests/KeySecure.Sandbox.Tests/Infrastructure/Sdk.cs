using KeySecure.Generated;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Sandbox.Tests.Infrastructure;

/// <summary>
/// The real SDK (AddKeySecure + AddWorldFirst) pointed at a sandbox, optionally with a network-level tamper; every
/// exchange is checked against the specs (<see cref="WireCheckingHandler"/>).
/// </summary>
public sealed class Sdk : IDisposable
{
    private readonly ServiceProvider _services;

    public Sdk(
        SandboxServer sandbox,
        Action<KeySecureOptions>? keySecure = null,
        Action<WorldFirstOptions>? worldFirst = null,
        Func<HttpRequestMessage, Task>? tamper = null,
        TimeProvider? timeProvider = null,
        bool sendsOffSpecRequests = false,
        bool getsFaults = false)
    {
        var credentials = sandbox.Credentials;
        var services = new ServiceCollection();
        if (timeProvider is not null) services.AddSingleton(timeProvider);
        var keySecureBuilder = services.AddKeySecure(o =>
        {
            o.BaseAddress = sandbox.BaseAddress;
            o.ApiKey = credentials.ApiKey;
            o.ApiSecret = credentials.ApiSecret;
            o.Resilience.Retry.Delay = TimeSpan.Zero;
            o.Resilience.Retry.UseJitter = false;
            keySecure?.Invoke(o);
        });
        var worldFirstBuilder = services.AddWorldFirst(o =>
        {
            o.BaseAddress = sandbox.BaseAddress;
            o.ClientId = credentials.WorldFirstClientId;
            o.PrivateKeyPem = credentials.MerchantPrivateKeyPem;
            o.WorldFirstPublicKeyPem = credentials.WorldFirstPublicKeyPem;
            o.KeyVersion = credentials.KeyVersion;
            o.Resilience.Retry.Delay = TimeSpan.Zero;
            o.Resilience.Retry.UseJitter = false;
            worldFirst?.Invoke(o);
        });
        // Every exchange is checked against the specs; a tampered request, or one a test builds off the spec on purpose
        // (sendsOffSpecRequests), is not, but its answer is; answers are not when a test sets faults (getsFaults), which
        // answer what the spec cannot describe (an empty 503, unreadable data).
        HttpMessageHandler Primary() => new WireCheckingHandler(credentials.ApiSecret,
            checkRequests: tamper is null && !sendsOffSpecRequests, checkAnswers: !getsFaults, Wire,
            tamper is null ? new SocketsHttpHandler { UseProxy = false } : new TamperingHandler(tamper));
        keySecureBuilder.ConfigurePrimaryHttpMessageHandler(Primary);
        worldFirstBuilder.ConfigurePrimaryHttpMessageHandler(Primary);
        _services = services.BuildServiceProvider();
    }

    /// <summary>What went over the wire, each exchange already checked against the specs.</summary>
    public WireJournal Wire { get; } = new();

    internal ITokenClient Token => _services.GetRequiredService<ITokenClient>();
    public ICardholdersClient Cardholders => _services.GetRequiredService<ICardholdersClient>();
    public ICardsClient Cards => _services.GetRequiredService<ICardsClient>();
    public IConsumptionsClient Consumptions => _services.GetRequiredService<IConsumptionsClient>();
    public IPciClient Pci => _services.GetRequiredService<IPciClient>();
    public IAccountsClient Accounts => _services.GetRequiredService<IAccountsClient>();
    internal ISimulationsClient Simulations => _services.GetRequiredService<ISimulationsClient>();
    public IWorldCardClient WorldCard => _services.GetRequiredService<IWorldCardClient>();

    public void Dispose() => _services.Dispose();

    /// <summary>Changes requests on the wire after the SDK's pipeline (headers, body), as a misbehaving client would.</summary>
    private sealed class TamperingHandler(Func<HttpRequestMessage, Task> tamper) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await tamper(request);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
