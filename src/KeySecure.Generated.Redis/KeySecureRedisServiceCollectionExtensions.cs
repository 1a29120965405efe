using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis token store for every KeySecure merchant of the container.</summary>
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
}
