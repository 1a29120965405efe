using BenchmarkDotNet.Attributes;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Benchmarks;

/// <summary>
/// The profile behind scenario 1: GetCardDetail through the real DI client with one SDK handler removed at a time,
/// so the time and allocation differences attribute the per-call cost to each handler. Ratios are against the
/// full SDK pipeline; the floor is repeated for reference.
/// </summary>
[MemoryDiagnoser]
public class AblationBenchmarks
{
    private readonly List<IDisposable> _owned = [];
    private ICardsClient _full = null!, _noFieldEncryption = null!, _noResilience = null!, _noCall = null!,
        _noAttempt = null!, _generatedOnly = null!, _fullAsync = null!, _noResilienceAsync = null!;
    private FloorClient _floor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _full = Client(new CannedHandler());
        _noFieldEncryption = Client(new CannedHandler(), "FieldEncryptionHandler");
        _noResilience = Client(new CannedHandler(), "ResilienceHandler");
        _noCall = Client(new CannedHandler(), "CallHandler");
        _noAttempt = Client(new CannedHandler(bareData: true), "KeySecureAttemptHandler");
        _generatedOnly = Client(new CannedHandler(bareData: true),
            "CallHandler", "FieldEncryptionHandler", "ResilienceHandler", "KeySecureAttemptHandler");
        _fullAsync = Client(new CannedHandler(asynchronous: true));
        _noResilienceAsync = Client(new CannedHandler(asynchronous: true), "ResilienceHandler");

        var http = new HttpClient(new CannedHandler()) { BaseAddress = Canned.ApiRoot };
        _owned.Add(http);
        _floor = new FloorClient(http, Canned.ApiKey);
        _floor.WarmUpAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private ICardsClient Client(CannedHandler canned, params string[] without)
    {
        var services = Sdk.Create(canned, customize: without.Length == 0 ? null : Sdk.Without(without));
        _owned.Add(services);
        var client = services.GetRequiredService<ICardsClient>();
        client.GetCardDetailAsync(Canned.CardNo, CancellationToken.None).GetAwaiter().GetResult();
        return client;
    }

    [GlobalCleanup]
    public void Cleanup() => _owned.ForEach(o => o.Dispose());

    [Benchmark(Baseline = true, Description = "SDK, full pipeline")]
    public Task<CardDetail> Full() => _full.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- FieldEncryptionHandler")]
    public Task<CardDetail> NoFieldEncryption() => _noFieldEncryption.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- ResilienceHandler (limiter, timeouts, retry, breaker)")]
    public Task<CardDetail> NoResilience() => _noResilience.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- CallHandler")]
    public Task<CardDetail> NoCall() => _noCall.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- KeySecureAttemptHandler (stamp, attempt log, envelope; bare data served)")]
    public Task<CardDetail> NoAttempt() => _noAttempt.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "generated client only, no handlers")]
    public Task<CardDetail> GeneratedOnly() => _generatedOnly.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    // The same pair over a network that answers asynchronously, as sockets do: what the resilience handler costs once
    // its timeouts arm timers and its continuations really run (the loopback scenario's path).
    [Benchmark(Description = "SDK, full pipeline, asynchronous answer")]
    public Task<CardDetail> FullAsync() => _fullAsync.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- ResilienceHandler, asynchronous answer")]
    public Task<CardDetail> NoResilienceAsync() => _noResilienceAsync.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "floor (hand-written)")]
    public Task<FloorCardDetail> Floor() => _floor.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
}
