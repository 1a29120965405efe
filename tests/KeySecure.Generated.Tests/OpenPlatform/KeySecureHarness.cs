using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>The real DI registration over a <see cref="FakeProvider"/> and a <see cref="TestClock"/>: nothing sleeps for real.</summary>
public sealed class KeySecureHarness : IDisposable
{
    public const string ApiKey = "ak_test_4f9c2d";
    public const string ApiSecret = "0123456789abcdef"; // 16 bytes: AES-128

    public static readonly DateTimeOffset Start = new(2026, 5, 22, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public KeySecureHarness(Func<RecordedRequest, int, HttpResponseMessage> respond, Action<KeySecureOptions>? configure = null)
        : this(new FakeProvider(respond), configure)
    {
    }

    public KeySecureHarness(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond, Action<KeySecureOptions>? configure = null, Action<IServiceCollection>? services = null)
        : this(new FakeProvider(respond), configure, services)
    {
    }

    private KeySecureHarness(FakeProvider provider, Action<KeySecureOptions>? configure, Action<IServiceCollection>? configureServices = null)
    {
        Provider = provider;
        Clock = new TestClock(Start);
        Logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddKeySecure(options =>
            {
                options.ApiKey = ApiKey;
                options.ApiSecret = ApiSecret;
                options.Resilience.Retry.Delay = TimeSpan.Zero;
                options.Resilience.Retry.UseJitter = false;
                configure?.Invoke(options);
            })
            .ConfigurePrimaryHttpMessageHandler(() => Provider);
        configureServices?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public FakeProvider Provider { get; }

    public TestClock Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _services;

    public ICardsClient Cards => _services.GetRequiredService<ICardsClient>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();

    /// <summary>A responder that serves a token and then whatever <paramref name="then"/> answers.</summary>
    public static Func<RecordedRequest, int, HttpResponseMessage> WithToken(Func<RecordedRequest, int, HttpResponseMessage> then) =>
        (request, n) => request.Path.EndsWith("/merchant/token", StringComparison.Ordinal)
            ? FakeProvider.Token("tok-" + n, Start.AddHours(24))
            : then(request, n);
}
