using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

/// <summary>
/// One instance of a merchant's service: its own container, SDK registration and Redis connection, as a separate
/// process would have. Warnings the SDK logs are kept for the test to read. On the system clock its timeouts are
/// generous (the machines running the tests are shared and slow at times); on a test's clock they are the SDK's defaults.
/// </summary>
public sealed class ServiceInstance : IDisposable
{
    public const string ApiKey = "merchant-key";
    public const string ApiSecret = "0123456789abcdef0123456789abcdef";

    private readonly ServiceProvider _services;
    private readonly LogCollector _warnings = new(LogLevel.Warning);

    public ServiceInstance(TokenProviderMock provider, GarnetInstance redis, TimeProvider? time = null)
        : this(provider, redis.Configuration, time)
    {
    }

    /// <param name="redisConfiguration">The StackExchange.Redis connection string of the server the token store uses.</param>
    public ServiceInstance(TokenProviderMock provider, string redisConfiguration, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_warnings));
        if (time is not null) services.AddSingleton(time);
        services.AddKeySecure(o =>
            {
                o.BaseAddress = provider.BaseAddress;
                o.ApiKey = ApiKey;
                o.ApiSecret = ApiSecret;
                o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
                if (time is not null) return;
                // Generous: these tests count token requests, and the machines running them are shared and slow at times.
                o.Resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
                o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(90);
                // The library requires the breaker to sample at least two attempt timeouts.
                o.Resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
            })
            .AddRedisTokenStore(redisConfiguration, o =>
            {
                if (time is not null) return;
                o.PollInterval = TimeSpan.FromMilliseconds(20);
                // Ordered as validated: peer wait > lock lifetime >= the Get Token total timeout above.
                o.LockExpiry = TimeSpan.FromSeconds(95);
                o.PeerWaitTimeout = TimeSpan.FromSeconds(100);
            });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    internal RedisTokenStore Store => _services.GetRequiredService<RedisTokenStore>();

    /// <summary>The warnings logged so far (already redacted by the SDK).</summary>
    public IReadOnlyCollection<string> Warnings => _warnings.Messages;

    /// <summary>Calls Get Card Detail and returns the card number the provider answered with.</summary>
    public async Task<string?> CardDetailAsync(string cardNo = "C1") =>
        (await _services.GetRequiredService<ICardsClient>().GetCardDetailAsync(cardNo, TestContext.Current.CancellationToken)).CardNo;

    public void Dispose() => _services.Dispose();
}
