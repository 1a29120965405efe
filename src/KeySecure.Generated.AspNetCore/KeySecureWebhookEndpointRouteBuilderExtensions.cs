using System.Diagnostics.CodeAnalysis;
using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.AspNetCore;

/// <summary>Maps the webhook endpoint.</summary>
public static class KeySecureWebhookEndpointRouteBuilderExtensions
{
    /// <summary>The conventional path of the endpoint.</summary>
    public const string DefaultPattern = "/webhooks/keysecure";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>: reads the raw body (at most
    /// <see cref="KeySecureWebhookEndpointOptions.MaxBodyBytes"/>, else 413), verifies it with the registered
    /// <see cref="WebhookVerifier"/> (failure: 401 <c>{"code":401,"message":"&lt;reason&gt;"}</c>), dispatches it to
    /// the registered <see cref="IKeySecureWebhookHandler"/> and answers 200 <c>{"code":0,"message":""}</c>. A handler
    /// exception answers 500 <c>{"code":500,"message":"handler failed"}</c>; an <c>Auth</c> handler that overruns
    /// <see cref="KeySecureWebhookEndpointOptions.AuthResponseBudget"/> is answered 200
    /// <c>{"code":500,"message":"timeout"}</c>. The endpoint allows anonymous access: the signature is its authentication.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddKeySecureWebhooks</c> or <c>AddKeySecureWebhookHandler</c> was not called.</exception>
    public static IEndpointConventionBuilder MapKeySecureWebhooks(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);

        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService)
        {
            if (!isService.IsService(typeof(WebhookVerifier)))
            {
                throw new InvalidOperationException("MapKeySecureWebhooks needs services.AddKeySecureWebhooks(...) (the verifier).");
            }
            if (!isService.IsService(typeof(IKeySecureWebhookHandler)))
            {
                throw new InvalidOperationException("MapKeySecureWebhooks needs services.AddKeySecureWebhookHandler<THandler>().");
            }
        }

        return endpoints.MapPost(pattern, new RequestDelegate(KeySecureWebhookEndpoint.HandleAsync))
            .AllowAnonymous()
            .WithDisplayName("KeySecure webhooks");
    }
}
