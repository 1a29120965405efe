using System.Threading.RateLimiting;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KeySecure.Generated.Http;

/// <summary>
/// The resilience strategies of a provider pipeline, on Microsoft.Extensions.Http.Resilience: the standard pipeline's
/// strategies, order and defaults (concurrency limiter, total timeout, retry with exponential backoff and jitter,
/// circuit breaker, attempt timeout), with the SDK's rules in their predicates.
/// </summary>
/// <remarks>
/// The pipeline is registered by name (the HttpClient's name plus the pipeline's), so the library's registry builds
/// it once per registration: every handler IHttpClientFactory creates for that name shares its limiter and circuit
/// breaker, and two merchants never share one.
/// </remarks>
internal static partial class ProviderResilience
{
    /// <summary>Which strategies a pipeline has.</summary>
    public enum Shape
    {
        /// <summary>Everything: the limiter and the circuit breaker guard the provider's API.</summary>
        Api,

        /// <summary>Timeouts and retries only: the token request is never refused behind the calls that wait for it.</summary>
        Token,
    }

    /// <summary>Adds the strategies, outermost first, configured from <paramref name="options"/>.</summary>
    public static void AddStrategies(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context, ProviderResilienceOptions options, Shape shape)
    {
        var logger = context.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("KeySecure.Generated.Resilience");
        pipeline.TimeProvider = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

        if (shape == Shape.Api)
        {
            // A permit per attempt, not per call: a call waiting out its backoff holds none.
            pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
            {
                DefaultRateLimiterOptions = new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentRequests, QueueLimit = 0 },
            });
        }
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "TotalTimeout", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options)),
                // The inner handlers turn every unusable answer into an exception, so the server's Retry-After
                // arrives on it rather than on a response; null lets the exponential backoff decide.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is KeySecureException { RetryAfter: { } wait } ? (TimeSpan?)wait : null),
                OnRetry = args =>
                {
                    if (logger is not null) LogRetry(logger, args);
                    return default;
                },
            });
        }
        if (shape == Shape.Api)
        {
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsProviderFailure(args.Outcome)),
            });
        }
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>
    /// Whether a failed attempt is sent again: a read when it failed transiently (within the <c>Retry-After</c> cap),
    /// anything when it certainly never reached the provider, nothing else. The exceptions' own contract decides
    /// what is transient; the operation's effect decides whether reaching the provider forbids a retry.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, ProviderResilienceOptions options)
    {
        var request = context.GetRequestMessage();
        var call = request is null ? null : CallContext.Existing(request);
        var retrySafe = call?.Operation?.IsRetrySafe == true;
        // What the attempt handler recorded: whether the failed attempt may have reached the provider at all.
        var left = call?.LastAttemptMayHaveLeft ?? true;
        return outcome.Exception switch
        {
            // The inner handlers turn every unusable answer into an exception; a response that arrives is a success.
            null => false,
            // The caller gave up: nothing is sent again, whatever the failure.
            _ when context.CancellationToken.IsCancellationRequested => false,
            // WorldFirst's U: its documented schedule starts at 5 minutes, so the caller (or the poller) owns it.
            WorldFirstUnknownResultException => false,
            // The attempt never reached the provider (no connection, a TLS handshake cut by the attempt timeout): sending
            // it again cannot apply anything twice, whatever the operation does.
            TimeoutRejectedException or ProviderResponseException { StatusCode: 0 } when !left => true,
            // An attempt that timed out had been sent: only a read may go again.
            TimeoutRejectedException => retrySafe,
            KeySecureException failure => retrySafe && failure.IsTransient && WithinRetryAfterCap(failure, options),
            _ => false,
        };
    }

    /// <summary>
    /// What the circuit breaker counts: the provider or the path to it failing (timeouts, network failures, 408, 429,
    /// 5xx, codes 1001 and 1009), whatever the call's effect. Business answers (a rejected PIN, a missing cardholder,
    /// a WorldFirst F or U) and bodies that could not be used do not count.
    /// </summary>
    internal static bool IsProviderFailure(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException => true,
        ProviderResponseException or KeySecureApiException => ((KeySecureException)outcome.Exception).IsTransientFailure,
        _ => false,
    };

    // A longer Retry-After than the cap fails the call at once rather than holding it for minutes.
    private static bool WithinRetryAfterCap(KeySecureException failure, ProviderResilienceOptions options) =>
        failure.RetryAfter is not { } wait || wait <= options.MaxRetryAfter;

    private static void LogRetry(ILogger logger, OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.GetRequestMessage();
        var operation = request is null ? null : OperationMetadata.Of(request)?.OperationId;
        LogRetrying(logger, operation ?? "unknown", args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Operation}: retry {Retry} after {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, string operation, int retry, double delayMs);
}
