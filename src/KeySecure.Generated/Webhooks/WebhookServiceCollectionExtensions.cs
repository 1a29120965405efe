using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using KeySecure.Generated;
using KeySecure.Generated.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers webhook verification.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="WebhookVerifier"/> for one merchant. Set <see cref="WebhookOptions.AppId"/>
    /// and <see cref="WebhookOptions.Secret"/>, or call <see cref="WebhookOptions.FromKeySecureOptions"/> to reuse the
    /// Api-Key/ApiSecret of an <c>AddKeySecure</c> registration. The options are validated at start-up. The clock is
    /// the <see cref="TimeProvider"/> in the container (<see cref="TimeProvider.System"/> unless one is registered).
    /// Replay protection uses the Redis store when <c>AddRedisWebhookReplayStore</c>
    /// (package <c>KeySecure.Generated.Redis</c>) is called, else the container's <see cref="IDistributedCache"/>.
    /// </summary>
    public static IServiceCollection AddKeySecureWebhooks(this IServiceCollection services, Action<WebhookOptions> configure) =>
        services.AddKeySecureWebhooks(Microsoft.Extensions.Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers the webhook settings of one merchant under <paramref name="name"/>, for a platform that receives
    /// webhooks for several merchants: map one endpoint per registration
    /// (<c>MapKeySecureWebhooks("/webhooks/keysecure/merchant-a", "merchant-a")</c>).
    /// </summary>
    public static IServiceCollection AddKeySecureWebhooks(this IServiceCollection services, string name, Action<WebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<WebhookOptions>(name).Configure(configure).ValidateOnStart();
        return services.AddWebhookCore();
    }

    /// <summary>Registers webhook verification from a configuration section (keys: AppId, Secret, Tolerance, RequireSignVersion, KeySecureOptionsName).</summary>
    public static IServiceCollection AddKeySecureWebhooks(this IServiceCollection services, IConfiguration section) =>
        services.AddKeySecureWebhooks(Microsoft.Extensions.Options.Options.DefaultName, section);

    /// <summary>Registers the webhook settings of one merchant under <paramref name="name"/> from a configuration section.</summary>
    public static IServiceCollection AddKeySecureWebhooks(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);

        services.AddOptions<WebhookOptions>(name).Bind(section).ValidateOnStart();
        return services.AddWebhookCore();
    }

    private static IServiceCollection AddWebhookCore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<WebhookOptions>, WebhookOptionsFromKeySecure>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WebhookRegistrations(
            sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            () => WebhookRegistrations.ResolveStore(sp),
            sp.GetService<ILoggerFactory>()));
        // The unnamed registration, for code that injects these directly.
        services.TryAddSingleton(sp => sp.GetRequiredService<WebhookRegistrations>().GetVerifier(Microsoft.Extensions.Options.Options.DefaultName));
        services.TryAddSingleton(sp => sp.GetRequiredService<WebhookRegistrations>().GetReplayGuard(Microsoft.Extensions.Options.Options.DefaultName));
        return services;
    }

    /// <summary>Fills an empty AppId/Secret from the <c>AddKeySecure</c> registration named by <see cref="WebhookOptions.KeySecureOptionsName"/>.</summary>
    private sealed class WebhookOptionsFromKeySecure(IServiceProvider services) : IPostConfigureOptions<WebhookOptions>
    {
        public void PostConfigure(string? name, WebhookOptions options)
        {
            if (options.KeySecureOptionsName is not { } merchantName) return;
            var merchant = services.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(merchantName);
            if (string.IsNullOrEmpty(options.AppId)) options.AppId = merchant.ApiKey;
            if (string.IsNullOrEmpty(options.Secret)) options.Secret = merchant.ApiSecret;
        }
    }
}
