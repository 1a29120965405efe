using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.Redis;
using KeySecure.Generated.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis stores: the token store for every KeySecure merchant, the webhook replay store for every webhook registration.</summary>
public static class KeySecureRedisServiceCollectionExtensions
{
    /// <summary>
    /// Keeps KeySecure access tokens in Redis: <c>services.AddKeySecure(...).AddRedisTokenStore("localhost:6379")</c>.
    /// </summary>
    /// <returns>The same builder, to go on configuring the KeySecure HttpClient.</returns>
    public static IHttpClientBuilder AddRedisTokenStore(this IHttpClientBuilder builder, string configuration, Action<RedisTokenStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKeySecureRedisTokenStore(configuration, configure);
        return builder;
    }

    /// <summary>Keeps KeySecure access tokens in Redis, for every merchant registered with <c>AddKeySecure</c>.</summary>
    public static IServiceCollection AddKeySecureRedisTokenStore(this IServiceCollection services, string configuration, Action<RedisTokenStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        services.AddOptions<RedisTokenStoreOptions>()
            .Configure(options =>
            {
                options.Configuration = configuration;
                configure?.Invoke(options);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisTokenStoreOptions>, RedisTokenStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisTokenStore>();
        // Replaces the in-memory default whichever order the calls come in.
        services.RemoveAll<IKeySecureTokenStore>();
        services.AddSingleton<IKeySecureTokenStore>(sp => sp.GetRequiredService<RedisTokenStore>());
        return services;
    }

    /// <summary>
    /// Keeps webhook replay records in Redis, for every <c>AddKeySecureWebhooks</c> registration of the container:
    /// <c>services.AddRedisWebhookReplayStore("localhost:6379")</c>. Every instance receiving the webhooks then sees the
    /// same records, and a claim is atomic on the server, so one delivery is handled once across all of them. Replaces
    /// the default (the container's <c>IDistributedCache</c>), whichever order the calls come in. While the server is
    /// unreachable, deliveries are answered 503 (and logged) without reaching the handler; the platform delivers again.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">A StackExchange.Redis connection string, e.g. <c>cache.internal:6379,password=...</c>.</param>
    /// <returns>The same container, to chain.</returns>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is empty or not a connection string.</exception>
    public static IServiceCollection AddRedisWebhookReplayStore(this IServiceCollection services, string configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        // Parsed now, so a malformed string fails where it is registered rather than at the first webhook.
        var settings = ConfigurationOptions.Parse(configuration);
        services.RemoveAll<IWebhookReplayStore>();
        services.AddSingleton<IWebhookReplayStore>(_ => new RedisWebhookReplayStore(settings));
        return services;
    }
}
