using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Webhooks;

namespace KeySecure.Generated.AspNetCore;

/// <summary>
/// The merchant's reaction to verified webhooks. Resolved per request from the request's scope (register it with
/// <see cref="Microsoft.Extensions.DependencyInjection.KeySecureWebhookServiceCollectionExtensions.AddKeySecureWebhookHandler{THandler}"/>). Every method
/// has a default that does nothing; override the ones you need.
/// </summary>
/// <remarks>
/// Returning normally answers <c>{"code":0,"message":""}</c> (accepted). Throwing answers HTTP 500
/// <c>{"code":500,"message":"handler failed"}</c>, so the platform treats the notification as not delivered and may
/// send it again. Every method's token is cancelled when its time runs out (<c>AuthResponseBudget</c> for
/// <c>Auth</c>, <see cref="KeySecureWebhookEndpointOptions.HandlerTimeout"/> for the others); honour it, since a
/// handler still running then keeps the delivery claimed until its lease ends. The endpoint hands each delivery (by its signed content) to the handler once while its replay record
/// lasts, but make handling idempotent anyway, keyed on signed business keys (<c>consume_no</c> + <c>type</c> +
/// <c>status</c>; <c>card_no</c> + <c>after_status</c>), never on <see cref="KeySecureWebhookEvent.Id"/>, which is not signed.
/// </remarks>
public interface IKeySecureWebhookHandler
{
    /// <summary>
    /// An <c>Auth</c> (authorization) notification. Must finish within
    /// <see cref="KeySecureWebhookEndpointOptions.AuthResponseBudget"/> (the platform waits 800 ms):
    /// <paramref name="cancellationToken"/> is cancelled when the budget runs out, and the endpoint then answers
    /// <c>{"code":500,"message":"timeout"}</c> without waiting for the handler.
    /// </summary>
    Task HandleAuthAsync(KeySecureWebhookEvent webhookEvent, AuthWebhookData data, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A <c>Consumption</c> notification (a transaction's final state).</summary>
    Task HandleConsumptionAsync(KeySecureWebhookEvent webhookEvent, ConsumptionWebhookData data, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A <c>Card_update</c> notification (a card's status changed).</summary>
    Task HandleCardUpdateAsync(KeySecureWebhookEvent webhookEvent, CardUpdateWebhookData data, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A notification whose action the SDK does not know (the platform adds actions). The data is in
    /// <see cref="KeySecureWebhookEvent.RawData"/>. The default accepts it.
    /// </summary>
    Task HandleUnknownAsync(KeySecureWebhookEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
