using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using KeySecure.Generated.Tests.Support;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>The real DI registration (<c>AddWorldFirst</c>) with a fake network, a manual clock and a log capture.</summary>
internal sealed class WorldFirstTestHost : IDisposable
{
    public const string ClientId = "5J5Y3N2YTEST01";
    public static readonly DateTimeOffset Now = new(2019, 4, 4, 4, 8, 56, TimeSpan.Zero);
    public static readonly TimeZoneInfo UtcPlus8 = TimeZoneInfo.CreateCustomTimeZone("Test+08", TimeSpan.FromHours(8), "Test+08", "Test+08");

    private readonly ServiceProvider _provider;

    public WorldFirstTestHost(
        Func<RecordedRequest, int, HttpResponseMessage> responder,
        Action<WorldFirstOptions>? configure = null,
        Action<IServiceCollection>? addServices = null)
    {
        Server = new FakeWorldFirstServer(responder);
        Time = new TestClock(Now, UtcPlus8);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddWorldFirst(options =>
            {
                options.BaseAddress = new Uri("https://gateway.worldfirst.test");
                options.ClientId = ClientId;
                options.PrivateKeyPem = TestKeys.Merchant.PrivatePem;
                options.WorldFirstPublicKeyPem = TestKeys.WorldFirst.PublicPem;
                options.KeyVersion = 1;
                // These tests are about signing and results; retries (and their delays on a manual clock) are tested elsewhere.
                options.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
                configure?.Invoke(options);
            })
            .ConfigurePrimaryHttpMessageHandler(() => Server);
        addServices?.Invoke(services);
        _provider = services.BuildServiceProvider(validateScopes: true);
        _provider.GetRequiredService<IStartupValidator>().Validate();
    }

    public FakeWorldFirstServer Server { get; }
    public TestClock Time { get; }
    public CapturingLoggerProvider Logs { get; } = new();
    public IServiceProvider Services => _provider;
    public IWorldCardClient Client => _provider.GetRequiredService<IWorldCardClient>();

    public Task<CardSensitiveInfo> QueryAsync(string assetId = "ASSET-1") =>
        Client.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = assetId }, TestContext.Current.CancellationToken);

    public void Dispose() => _provider.Dispose();
}
