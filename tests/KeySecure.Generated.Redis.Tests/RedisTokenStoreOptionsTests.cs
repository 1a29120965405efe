using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Redis.Tests;

/// <summary>The store's durations are checked at start-up against each other and against every merchant's Get Token timeout.</summary>
public sealed class RedisTokenStoreOptionsTests
{
    [Fact]
    public void The_defaults_fit_the_SDKs_default_timeouts()
    {
        using var services = Build(merchant: _ => { }, store: _ => { });

        var options = services.GetRequiredService<IOptions<RedisTokenStoreOptions>>().Value;

        Assert.True(options.PeerWaitTimeout > options.LockExpiry);
        Assert.True(options.LockExpiry >= new Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions().TotalRequestTimeout.Timeout);
    }

    [Fact]
    public void A_lock_shorter_than_a_merchants_Get_Token_timeout_fails_naming_both_settings()
    {
        using var services = Build(merchant: o => o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60), store: _ => { });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RedisTokenStoreOptions>>().Value);

        Assert.Contains("RedisTokenStoreOptions.LockExpiry (40 s) must be at least KeySecure:Resilience:TotalRequestTimeout:Timeout (60 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_merchant_is_named()
    {
        var services = new ServiceCollection();
        services.AddKeySecure(Configure);
        services.AddKeySecure("merchant-b", o =>
        {
            Configure(o);
            o.Resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(50);
            o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(50);
        });
        services.AddKeySecureRedisTokenStore("localhost:6379");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisTokenStoreOptions>>().Value);

        Assert.Contains("KeySecure:Resilience:TotalRequestTimeout:Timeout of merchant 'merchant-b' (50 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_wait_not_longer_than_the_lock_fails_naming_both_settings()
    {
        using var services = Build(merchant: _ => { }, store: o => o.PeerWaitTimeout = o.LockExpiry);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RedisTokenStoreOptions>>().Value);

        Assert.Contains("RedisTokenStoreOptions.PeerWaitTimeout (40 s) must be longer than LockExpiry (40 s)", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<KeySecureOptions> merchant, Action<RedisTokenStoreOptions> store)
    {
        var services = new ServiceCollection();
        services.AddKeySecure(o =>
        {
            Configure(o);
            merchant(o);
        });
        services.AddKeySecureRedisTokenStore("localhost:6379", store);
        return services.BuildServiceProvider();
    }

    private static void Configure(KeySecureOptions o)
    {
        o.BaseAddress = new Uri("https://sandbox-openplatform.keysecure.io");
        o.ApiKey = "merchant-key";
        o.ApiSecret = "0123456789abcdef";
    }
}
