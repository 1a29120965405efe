namespace KeySecure.Generated.AspNetCore;

/// <summary>Settings of the webhook endpoint.</summary>
public sealed class KeySecureWebhookEndpointOptions
{
    /// <summary>The default <see cref="AuthResponseBudget"/>: 700 ms, leaving 100 ms of the platform's 800 ms for the network.</summary>
    public static readonly TimeSpan DefaultAuthResponseBudget = TimeSpan.FromMilliseconds(700);

    /// <summary>The default <see cref="MaxBodyBytes"/>: 256 KB.</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>The default <see cref="HandlerTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultHandlerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much longer than its handler's time limit a replay claim lasts: time to write the handled record after the
    /// handler returns. A crashed instance's claim holds a delivery (answered 409, retried later) this much past the limit.
    /// </summary>
    internal static readonly TimeSpan ReplayLeaseAllowance = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an <c>Auth</c> notification may take, counted from the moment the endpoint starts (reading and
    /// verifying the body included). When it runs out, the handler's token is cancelled and the endpoint answers
    /// HTTP 200 <c>{"code":500,"message":"timeout"}</c> and logs a warning; the platform then applies its own default
    /// decision for the authorization. Answering <c>code 0</c> instead would be wrong: the handler may have been about
    /// to decline. Default 700 ms.
    /// </summary>
    /// <remarks>
    /// A handler that ignores its token keeps running after the answer was sent; by then the request's scoped services
    /// may be disposed and its decision is lost, so honour the token.
    /// </remarks>
    public TimeSpan AuthResponseBudget { get; set; } = DefaultAuthResponseBudget;

    /// <summary>
    /// How long a <c>Consumption</c>, <c>Card_update</c> or unknown-action handler may take. When it runs out, the
    /// handler's token is cancelled and the endpoint answers HTTP 500 <c>{"code":500,"message":"timeout"}</c> so the
    /// platform delivers again. The delivery's replay claim lasts this long plus 30 s, so no other instance handles it
    /// meanwhile; a handler that ignores its token and is still running keeps the claim until then. Default 30 s.
    /// </summary>
    public TimeSpan HandlerTimeout { get; set; } = DefaultHandlerTimeout;

    /// <summary>Bodies longer than this are refused with HTTP 413 before verification. Default 256 KB.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The lease of a delivery's replay claim: its handler's time limit plus <see cref="ReplayLeaseAllowance"/>.</summary>
    internal TimeSpan ReplayLease(bool auth) => (auth ? AuthResponseBudget : HandlerTimeout) + ReplayLeaseAllowance;
}
