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
    /// <see cref="WebhookVerifier"/> (failure: 401 <c>{"code":401,"message":"&lt;reason&gt;[: detail]"}</c>), dispatches it to
    /// the registered <see cref="IKeySecureWebhookHandler"/> and answers 200 <c>{"code":0,"message":""}</c>. A handler
    /// exception answers 500 <c>{"code":500,"message":"handler failed"}</c>; an <c>Auth</c> handler that overruns
    /// <see cref="KeySecureWebhookEndpointOptions.AuthResponseBudget"/> is answered 200
    /// <c>{"code":500,"message":"timeout"}</c>. The endpoint allows anonymous access: the signature is its authentication.
    /// </summary>
    /// <remarks>
    /// A verified delivery whose signed content was already handled within twice the tolerance is answered
    /// <c>{"code":0,"message":""}</c> without reaching the handler; one that another request is handling right now is
    /// answered 409 <c>{"code":409,"message":"delivery in progress"}</c>, so the platform delivers it again later; one
    /// whose signed content was handled under another action is refused with 401 (<c>ActionConflict</c>, logged as a
    /// possible forgery); if the replay record cannot be read, 503. A handler failure or timeout leaves no record, so
    /// the platform's retry is handled. Mapped in the Production environment with replay records in this process's
    /// memory, a warning is logged. See <see cref="WebhookReplayGuard"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>AddKeySecureWebhooks</c> or <c>AddKeySecureWebhookHandler</c> was not called.</exception>
    public static IEndpointConventionBuilder MapKeySecureWebhooks(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern = DefaultPattern) =>
        endpoints.MapKeySecureWebhooks(pattern, Microsoft.Extensions.Options.Options.DefaultName);

    /// <summary>
    /// Maps the endpoint for one merchant's registration, for a platform that receives webhooks for several
    /// merchants: one route per merchant, each verified with that merchant's secret.
    /// Otherwise as <see cref="MapKeySecureWebhooks(IEndpointRouteBuilder, string)"/>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route.</param>
    /// <param name="registrationName">
    /// The <c>AddKeySecureWebhooks(name, ...)</c> registration (merchant) whose secret verifies this route.
    /// </param>
    /// <exception cref="InvalidOperationException"><c>AddKeySecureWebhooks</c> or <c>AddKeySecureWebhookHandler</c> was not called.</exception>
    public static IEndpointConventionBuilder MapKeySecureWebhooks(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern,
        string registrationName)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(registrationName);

        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService)
        {
            if (!isService.IsService(typeof(WebhookRegistrations)))
            {
                throw new InvalidOperationException("MapKeySecureWebhooks needs services.AddKeySecureWebhooks(...) (the verifier).");
            }
            if (!isService.IsService(typeof(IKeySecureWebhookHandler)))
            {
                throw new InvalidOperationException("MapKeySecureWebhooks needs services.AddKeySecureWebhookHandler<THandler>().");
            }
        }

        InMemoryReplayStoreWarning.LogIfProduction(endpoints.ServiceProvider);
        return endpoints.MapPost(pattern, new RequestDelegate(context => KeySecureWebhookEndpoint.HandleAsync(context, registrationName)))
            .AllowAnonymous()
            .WithDisplayName("KeySecure webhooks");
    }
}
