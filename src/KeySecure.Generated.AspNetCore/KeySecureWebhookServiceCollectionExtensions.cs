using System.Diagnostics.CodeAnalysis;
using KeySecure.Generated.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the merchant's webhook handler.</summary>
public static class KeySecureWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> as the scoped <see cref="IKeySecureWebhookHandler"/> (replacing any
    /// earlier one) and the endpoint's settings. Verification must be registered too, with
    /// <c>services.AddKeySecureWebhooks(...)</c>; map the endpoint with
    /// <see cref="KeySecureWebhookEndpointRouteBuilderExtensions.MapKeySecureWebhooks(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string)"/>. Replay records go to the
    /// Redis store when <c>services.AddRedisWebhookReplayStore(...)</c> (package <c>KeySecure.Generated.Redis</c>) is
    /// called, else to the registered <c>IDistributedCache</c>; when none is registered, the in-memory one (one instance
    /// only: with several instances behind a load balancer, register the Redis store).
    /// </summary>
    public static IServiceCollection AddKeySecureWebhookHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IServiceCollection services,
        Action<KeySecureWebhookEndpointOptions>? configure = null)
        where THandler : class, IKeySecureWebhookHandler
    {
        ArgumentNullException.ThrowIfNull(services);

        services.Replace(ServiceDescriptor.Scoped<IKeySecureWebhookHandler, THandler>());
        var options = services.AddOptions<KeySecureWebhookEndpointOptions>();
        if (configure is not null) options.Configure(configure);
        options.Validate(static o => o.AuthResponseBudget > TimeSpan.Zero, "KeySecureWebhookEndpointOptions.AuthResponseBudget must be positive.")
            .Validate(static o => o.HandlerTimeout > TimeSpan.Zero, "KeySecureWebhookEndpointOptions.HandlerTimeout must be positive.")
            .Validate(static o => o.MaxBodyBytes > 0, "KeySecureWebhookEndpointOptions.MaxBodyBytes must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDistributedMemoryCache(); // TryAdd: a cache the merchant registered wins
        return services;
    }
}
