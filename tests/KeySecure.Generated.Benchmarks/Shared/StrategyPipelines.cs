using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>
/// The SDK's pipeline with its resilience handler replaced by the library's <see cref="ResilienceHandler"/> over a
/// pipeline built strategy by strategy, in the SDK's order, with the library's default options: each step adds one
/// strategy to the step before it, so the differences are each strategy's cost.
/// </summary>
public static class StrategyPipelines
{
    /// <summary>The steps, cumulative: the letters of the strategies in the pipeline, outermost first.</summary>
    public static readonly (string Key, string Adds)[] Steps =
    [
        ("-", "no resilience handler"),
        ("H", "the ResilienceHandler over an empty pipeline"),
        ("HL", "concurrency limiter"),
        ("HLT", "total timeout"),
        ("HLTR", "retry"),
        ("HLTRC", "circuit breaker"),
        ("HLTRCA", "attempt timeout"),
        ("HLTRCAM", "Polly's telemetry (meter Polly)"),
    ];

    /// <summary>Removes the SDK's resilience handler and, unless <paramref name="key"/> is "-", adds the step's.</summary>
    public static Action<IHttpClientBuilder> Replace(string key) => builder =>
    {
        Sdk.Without("ResilienceHandler")(builder);
        if (key != "-") builder.AddHttpMessageHandler(() => new ResilienceHandler(Pipeline(key)));
    };

    private static ResiliencePipeline<HttpResponseMessage> Pipeline(string strategies)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (strategies.Contains('M')) builder.ConfigureTelemetry(NullLoggerFactory.Instance);
        if (strategies.Contains('L')) builder.AddRateLimiter(new HttpRateLimiterStrategyOptions());
        if (strategies.Contains('T')) builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(30) });
        if (strategies.Contains('R')) builder.AddRetry(new HttpRetryStrategyOptions());
        if (strategies.Contains('C')) builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions());
        if (strategies.Contains('A')) builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(10) });
        return builder.Build();
    }
}
