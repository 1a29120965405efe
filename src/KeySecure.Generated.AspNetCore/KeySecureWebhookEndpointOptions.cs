namespace KeySecure.Generated.AspNetCore;

/// <summary>Settings of the webhook endpoint.</summary>
public sealed class KeySecureWebhookEndpointOptions
{
    /// <summary>The default <see cref="AuthResponseBudget"/>: 700 ms, leaving 100 ms of the platform's 800 ms for the network.</summary>
    public static readonly TimeSpan DefaultAuthResponseBudget = TimeSpan.FromMilliseconds(700);

    /// <summary>The default <see cref="MaxBodyBytes"/>: 256 KB.</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

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

    /// <summary>Bodies longer than this are refused with HTTP 413 before verification. Default 256 KB.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}
