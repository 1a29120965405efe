using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// Base of every test that talks to WireMock: resets WireMock (stubs, journal, scenarios) before each test; after it,
/// disposes the SDK service providers it built and checks every request and answer against the specs.
/// </summary>
public abstract class WireMockTest(WireMockServer server) : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    protected WireMockServer Server { get; } = server;

    protected WireMockAdmin WireMock => Server.Admin;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => await WireMock.ResetAsync();

    /// <summary>Disposes the SDKs, then checks what went over the wire against the specs (a violation fails the test).</summary>
    public virtual async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await WireMock.AssertWireAsync();
    }

    /// <summary>A KeySecure SDK client (any of the generated interfaces) pointed at WireMock.</summary>
    protected T KeySecure<T>(Action<KeySecureOptions>? configure = null) where T : notnull =>
        Track(KeySecureSdk.Build(Server.BaseUri, configure)).GetRequiredService<T>();

    protected ServiceProvider Track(ServiceProvider provider)
    {
        _providers.Add(provider);
        return provider;
    }
}
