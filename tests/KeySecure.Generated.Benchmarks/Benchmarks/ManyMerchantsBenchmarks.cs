using BenchmarkDotNet.Attributes;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Benchmarks;

/// <summary>
/// Scenario 6: a platform acting for many merchants. 1, 10 or 100 named registrations (<c>AddKeySecure(name, ...)</c>,
/// each with its own credentials, token, clock and resilience state) in one container; each call goes to the next
/// merchant in turn, through its client from <see cref="IKeySecureClientFactory"/>. Per-call cost must not depend on
/// how many merchants the process holds.
/// </summary>
[MemoryDiagnoser]
public class ManyMerchantsBenchmarks
{
    private ServiceProvider _services = null!;
    private ICardsClient[] _merchants = null!;
    private int _next;

    [Params(1, 10, 100)]
    public int Merchants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var canned = new CannedHandler();
        var services = new ServiceCollection();
        for (var i = 0; i < Merchants; i++)
        {
            var key = $"{Canned.ApiKey}-{i:000}";
            services.AddKeySecure(Name(i), options =>
                {
                    options.ApiKey = key;
                    options.ApiSecret = Canned.ApiSecret;
                })
                .ConfigurePrimaryHttpMessageHandler(() => canned);
        }
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IKeySecureClientFactory>();
        _merchants = Enumerable.Range(0, Merchants).Select(i => factory.Create(Name(i)).Cards).ToArray();
        // One Get Token per merchant, and every lazy in each pipeline, before measuring.
        foreach (var cards in _merchants) cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None).GetAwaiter().GetResult();
        if (canned.TokenRequests != Merchants) throw new InvalidOperationException($"{canned.TokenRequests} token requests for {Merchants} merchants");
    }

    private static string Name(int i) => "merchant-" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "SDK GetCardDetail, next merchant in turn")]
    public Task<CardDetail> GetCardDetailRoundRobin()
    {
        var cards = _merchants[_next];
        _next = _next + 1 == _merchants.Length ? 0 : _next + 1;
        return cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
    }
}
