using System.Threading.RateLimiting;
using Polly;

namespace KeySecure.Generated.Http;

/// <summary>The resilience state one provider registration shares across all its HttpClient handler chains.</summary>
/// <remarks>
/// IHttpClientFactory recreates handlers every few minutes; the circuit breaker and the concurrency limit must
/// outlive them, so they live here, in a singleton per registration.
/// </remarks>
internal sealed class ProviderPipeline
{
    public ProviderPipeline(ProviderResilienceOptions options, TimeProvider timeProvider)
    {
        Pipeline = ResiliencePipelineFactory.Create(options, timeProvider);
        Limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentRequests,
            QueueLimit = 0,
        });
    }

    public ResiliencePipeline Pipeline { get; }

    public RateLimiter Limiter { get; }

    public ResilienceHandler CreateHandler() => new(Pipeline, Limiter);
}
