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
    private ICardsClient _full = null!, _noFieldEncryption = null!, _noResilience = null!, _noAuth = null!,
        _noLogging = null!, _noEnvelope = null!, _generatedOnly = null!;
    private FloorClient _floor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _full = Client(new CannedHandler());
        _noFieldEncryption = Client(new CannedHandler(), "FieldEncryptionHandler");
        _noResilience = Client(new CannedHandler(), "ResilienceHandler");
        _noAuth = Client(new CannedHandler(), "KeySecureAuthHandler");
        _noLogging = Client(new CannedHandler(), "AttemptHandler");
        _noEnvelope = Client(new CannedHandler(bareData: true), "EnvelopeHandler");
        _generatedOnly = Client(new CannedHandler(bareData: true),
            "FieldEncryptionHandler", "ResilienceHandler", "KeySecureAuthHandler", "AttemptHandler", "EnvelopeHandler");

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

    [Benchmark(Description = "- ResilienceHandler")]
    public Task<CardDetail> NoResilience() => _noResilience.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- KeySecureAuthHandler")]
    public Task<CardDetail> NoAuth() => _noAuth.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- AttemptHandler")]
    public Task<CardDetail> NoLogging() => _noLogging.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "- EnvelopeHandler (bare data served)")]
    public Task<CardDetail> NoEnvelope() => _noEnvelope.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "generated client only, no handlers")]
    public Task<CardDetail> GeneratedOnly() => _generatedOnly.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [Benchmark(Description = "floor (hand-written)")]
    public Task<FloorCardDetail> Floor() => _floor.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
}
