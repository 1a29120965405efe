using Microsoft.Extensions.Http.Resilience;

namespace KeySecure.Generated.Http;

/// <summary>
/// Which of the standard handler's strategies a provider pipeline carries: only those that can act on its calls. Each
/// strategy costs every call an asynchronous step (and an allocation once the answer arrives asynchronously), so one
/// that can never act is left out; every strategy that can is kept, with the merchant's options.
/// </summary>
/// <param name="Limiter">
/// The concurrency limiter: only when <c>RateLimiter</c> is configured (differs from the library's default of 1,000
/// concurrent requests without a queue, or names a limiter of its own). Never on Get Token's pipeline, which sends one
/// request at a time by construction (single flight).
/// </param>
/// <param name="AttemptTimeout">The attempt timeout: not when it equals the total timeout, which then fires first anyway.</param>
/// <param name="Telemetry">Polly's telemetry (meter and log category <c>Polly</c>): only when something listens to meter <c>Polly</c>.</param>
internal readonly record struct ResilienceSelection(bool Limiter, bool AttemptTimeout, bool Telemetry)
{
    private static readonly HttpRateLimiterStrategyOptions LibraryLimiter = new();

    /// <summary>The strategies a pipeline built from <paramref name="options"/> carries.</summary>
    public static ResilienceSelection For(HttpStandardResilienceOptions options, bool tokenPipeline, bool pollyMeterListened) => new(
        Limiter: !tokenPipeline && IsConfigured(options.RateLimiter),
        AttemptTimeout: options.AttemptTimeout.Timeout < options.TotalRequestTimeout.Timeout,
        Telemetry: pollyMeterListened);

    private static bool IsConfigured(HttpRateLimiterStrategyOptions limiter) =>
        limiter.RateLimiter is not null
        || limiter.OnRejected is not null
        || limiter.DefaultRateLimiterOptions.PermitLimit != LibraryLimiter.DefaultRateLimiterOptions.PermitLimit
        || limiter.DefaultRateLimiterOptions.QueueLimit != LibraryLimiter.DefaultRateLimiterOptions.QueueLimit
        || limiter.DefaultRateLimiterOptions.QueueProcessingOrder != LibraryLimiter.DefaultRateLimiterOptions.QueueProcessingOrder;
}
