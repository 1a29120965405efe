using KeySecure.Generated;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the KeySecure Open Platform clients.</summary>
public static class KeySecureServiceCollectionExtensions
{
    // Microsoft.Extensions.Options.Options.DefaultName; within this namespace `Options` names the sibling namespace.
    private const string DefaultName = "";

    /// <summary>Registers the default merchant and its injectable clients (<see cref="ICardsClient"/>, ...).</summary>
    public static IHttpClientBuilder AddKeySecure(this IServiceCollection services, Action<KeySecureOptions> configure) =>
        services.AddKeySecure(DefaultName, configure);

    /// <summary>Registers the default merchant from a configuration section (e.g. <c>configuration.GetSection("KeySecure")</c>).</summary>
    public static IHttpClientBuilder AddKeySecure(this IServiceCollection services, IConfiguration section) =>
        services.AddKeySecure(DefaultName, section);

    /// <summary>Registers a named merchant from a configuration section.</summary>
    public static IHttpClientBuilder AddKeySecure(this IServiceCollection services, string name, IConfiguration section)
    {
        services.AddOptions<KeySecureOptions>(name).Bind(section);
        return services.AddKeySecure(name, static _ => { });
    }

    /// <summary>
    /// Registers a named merchant (a platform acting for several merchants registers one name each; every name has
    /// its own credentials, token and pipeline). Its clients are keyed services under <paramref name="name"/>:
    /// <c>[FromKeyedServices("merchant-a")] ICardsClient cards</c>, or <c>GetRequiredKeyedService&lt;ICardsClient&gt;("merchant-a")</c>.
    /// </summary>
    /// <returns>The HttpClient builder, to add handlers or replace the primary handler.</returns>
    public static IHttpClientBuilder AddKeySecure(this IServiceCollection services, string name, Action<KeySecureOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<KeySecureOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeySecureOptions>, KeySecureOptionsValidator>());
        services.Configure<KeySecureRegistrations>(registrations => registrations.Names.Add(name));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKeySecureTokenStore, InMemoryTokenStore>();
        services.TryAddSingleton<MerchantContextRegistry>();
        services.TryAddSingleton<KeySecureClientFactory>();
        services.TryAddSingleton<IKeySecureClientFactory>(sp => sp.GetRequiredService<KeySecureClientFactory>());

        var builder = services.AddHttpClient(KeySecureRegistrations.HttpClientName(name), (sp, client) =>
        {
            client.BaseAddress = ApiRoot(sp.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(name).BaseAddress);
            // The resilience pipeline owns timeouts; HttpClient's own 100 s limit would cut across it.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });

        // Each interface is its own Refit client over the merchant's pipeline: injected for the default merchant, keyed
        // by name for a named one.
        var httpClientName = KeySecureRegistrations.HttpClientName(name);
        services.AddGeneratedClient<ITokenClient>(httpClientName, name);
        services.AddGeneratedClient<ICardholdersClient>(httpClientName, name);
        services.AddGeneratedClient<ICardsClient>(httpClientName, name);
        services.AddGeneratedClient<IConsumptionsClient>(httpClientName, name);
        services.AddGeneratedClient<IPciClient>(httpClientName, name);
        services.AddGeneratedClient<IAccountsClient>(httpClientName, name);
        services.AddGeneratedClient<ISimulationsClient>(httpClientName, name);
        if (name == DefaultName)
        {
            services.TryAddTransient(sp => sp.GetRequiredService<IKeySecureClientFactory>().Create());
        }

        // The order of the handlers is stated once, in KeySecurePipelineBuilder.
        return KeySecurePipelineBuilder.Add(builder, name);
    }

    /// <summary>
    /// Keeps KeySecure access tokens in the container's <c>IDistributedCache</c> (Redis, SQL Server, ...), sealed with a
    /// key derived from each merchant's ApiSecret, so every instance of the service uses the same token. Replaces the
    /// in-memory default whichever order the calls come in. For one fetch across instances as well, use the Redis store
    /// of <c>KeySecure.Generated.Redis</c>.
    /// </summary>
    public static IServiceCollection AddKeySecureDistributedTokenStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IKeySecureTokenStore>();
        services.AddSingleton<IKeySecureTokenStore>(sp => new DistributedCacheTokenStore(sp.GetRequiredService<Microsoft.Extensions.Caching.Distributed.IDistributedCache>()));
        return services;
    }

    /// <summary>The host plus <c>/open-api/v1/</c>, whether or not the configured address already ends with it.</summary>
    internal static Uri ApiRoot(Uri baseAddress)
    {
        var path = baseAddress.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/open-api/v1", StringComparison.OrdinalIgnoreCase))
        {
            path += "/open-api/v1";
        }
        return new UriBuilder(baseAddress) { Path = path + "/" }.Uri;
    }

}
