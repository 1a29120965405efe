using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated;

/// <summary>Registers the KeySecure Open Platform clients.</summary>
public static class KeySecureServiceCollectionExtensions
{
    /// <summary>Registers the default merchant and its injectable clients (<see cref="ICardsClient"/>, ...).</summary>
    public static IHttpClientBuilder AddKeySecure(this IServiceCollection services, Action<KeySecureOptions> configure) =>
        services.AddKeySecure(Options.DefaultName, configure);

    /// <summary>Registers the default merchant from a configuration section (e.g. <c>configuration.GetSection("KeySecure")</c>).</summary>
    public static IHttpClientBuilder AddKeySecure(this IServiceCollection services, IConfiguration section) =>
        services.AddKeySecure(Options.DefaultName, section);

    /// <summary>Registers a named merchant from a configuration section.</summary>
    public static IHttpClientBuilder AddKeySecure(this IServiceCollection services, string name, IConfiguration section)
    {
        services.AddOptions<KeySecureOptions>(name).Bind(section);
        return services.AddKeySecure(name, static _ => { });
    }

    /// <summary>
    /// Registers a named merchant (a platform acting for several merchants registers one name each; every name has
    /// its own credentials, token and pipeline). Resolve it with <see cref="IKeySecureClientFactory"/>.
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

        if (name == Options.DefaultName)
        {
            // Each injected interface builds only its own client over the default merchant's pipeline.
            static HttpClient Default(IServiceProvider sp) => sp.GetRequiredService<KeySecureClientFactory>().CreateHttpClient(Options.DefaultName);
            services.TryAddTransient(sp => sp.GetRequiredService<IKeySecureClientFactory>().Create());
            services.TryAddTransient<ITokenClient>(sp => new TokenClient(Default(sp)));
            services.TryAddTransient<ICardholdersClient>(sp => new CardholdersClient(Default(sp)));
            services.TryAddTransient<ICardsClient>(sp => new CardsClient(Default(sp)));
            services.TryAddTransient<IConsumptionsClient>(sp => new ConsumptionsClient(Default(sp)));
            services.TryAddTransient<IPciClient>(sp => new PciClient(Default(sp)));
            services.TryAddTransient<IAccountsClient>(sp => new AccountsClient(Default(sp)));
            services.TryAddTransient<ISimulationsClient>(sp => new SimulationsClient(Default(sp)));
        }

        var http = services.AddHttpClient(KeySecureRegistrations.HttpClientName(name), (sp, client) =>
        {
            client.BaseAddress = ApiRoot(sp.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(name).BaseAddress);
            // The resilience pipeline owns timeouts; HttpClient's own 100 s limit would cut across it.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        return KeySecurePipelineBuilder.Add(http, name);
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
