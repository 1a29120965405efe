using KeySecure.Generated.Exceptions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace KeySecure.Generated.Http;

/// <summary>
/// Builds the Polly pipeline for one provider registration: total timeout, retry, circuit breaker, attempt timeout
/// (outermost first). The pipeline is created once per registration so the circuit breaker sees every call.
/// </summary>
internal static class ResiliencePipelineFactory
{
    /// <summary>The request being sent, for the retry predicate.</summary>
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("KeySecure.Request");

    public static ResiliencePipeline Create(ProviderResilienceOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BaseDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                    && !(exception is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)
                    && RetryClassifier.ShouldRetry(OperationOf(args.Context), exception)
                    && RetryAfterAllowed(exception, options)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Exception, options)),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            // Only the provider's or network's failures count; a rejected PIN or a business error code does not.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } exception && RetryClassifier.IsTransient(exception)),
        });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    private static OperationMetadata? OperationOf(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request) ? OperationMetadata.Of(request) : null;

    private static bool RetryAfterAllowed(Exception exception, ProviderResilienceOptions options) =>
        exception is not ProviderResponseException { RetryAfter: { } retryAfter } || retryAfter <= options.MaxRetryAfter;

    // Null lets Polly use its exponential backoff; a server's Retry-After wins when present.
    private static TimeSpan? RetryAfterOf(Exception? exception, ProviderResilienceOptions options) =>
        exception is ProviderResponseException { RetryAfter: { } retryAfter } && retryAfter <= options.MaxRetryAfter
            ? retryAfter
            : null;
}
