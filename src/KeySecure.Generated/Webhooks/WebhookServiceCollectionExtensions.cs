using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Webhooks;

/// <summary>Registers webhook verification.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="WebhookVerifier"/> for one merchant. Set <see cref="WebhookOptions.AppId"/>
    /// and <see cref="WebhookOptions.Secret"/>, or call <see cref="WebhookOptions.FromKeySecureOptions"/> to reuse the
    /// Api-Key/ApiSecret of an <c>AddKeySecure</c> registration. The options are validated at start-up. The clock is
    /// the <see cref="TimeProvider"/> in the container (<see cref="TimeProvider.System"/> unless one is registered).
    /// </summary>
    public static IServiceCollection AddKeySecureWebhooks(this IServiceCollection services, Action<WebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<WebhookOptions>().Configure(configure);
        return services.AddWebhookCore();
    }

    /// <summary>Registers webhook verification from a configuration section (keys: AppId, Secret, Tolerance, RequireSignVersion, KeySecureOptionsName).</summary>
    public static IServiceCollection AddKeySecureWebhooks(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        services.AddOptions<WebhookOptions>().Bind(section);
        return services.AddWebhookCore();
    }

    private static IServiceCollection AddWebhookCore(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .PostConfigure<IServiceProvider>(static (options, sp) =>
            {
                if (options.KeySecureOptionsName is not { } name) return;
                var merchant = sp.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(name);
                if (string.IsNullOrEmpty(options.AppId)) options.AppId = merchant.ApiKey;
                if (string.IsNullOrEmpty(options.Secret)) options.Secret = merchant.ApiSecret;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WebhookVerifier(
            sp.GetRequiredService<IOptions<WebhookOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
