using BenchmarkDotNet.Attributes;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace KeySecure.Generated.Benchmarks.Benchmarks;

/// <summary>
/// The profile behind the resilience handler's share of a call: GetCardDetail over a network that answers
/// asynchronously (as sockets do), through the SDK's pipeline with its own resilience handler replaced by the library's
/// <see cref="ResilienceHandler"/> over a pipeline built strategy by strategy, in the SDK's order, with the library's
/// default options. Each row adds one strategy to the row before it, so the differences are each strategy's cost.
/// </summary>
[MemoryDiagnoser]
public class ResilienceStrategyBenchmarks
{
    /// <summary>Rows, cumulative: the letters of the strategies in the pipeline, outermost first.</summary>
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

    private readonly List<IDisposable> _owned = [];
    private ICardsClient _client = null!;

    [ParamsSource(nameof(Keys))]
    public string Strategies { get; set; } = "-";

    public static IEnumerable<string> Keys => Steps.Select(s => s.Key);

    [GlobalSetup]
    public void Setup()
    {
        var services = Sdk.Create(new CannedHandler(asynchronous: true), customize: builder =>
        {
            Sdk.Without("ResilienceHandler")(builder);
            if (Strategies != "-") builder.AddHttpMessageHandler(() => new ResilienceHandler(Pipeline(Strategies)));
        });
        _owned.Add(services);
        _client = services.GetRequiredService<ICardsClient>();
        _client.GetCardDetailAsync(Canned.CardNo, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _owned.ForEach(o => o.Dispose());

    [Benchmark(Description = "SDK GetCardDetail, asynchronous answer, resilience strategies")]
    public Task<CardDetail> Call() => _client.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

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
