using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>
/// A platform acting for many merchants: named registrations (<c>AddKeySecure(name, ...)</c>, each with its own
/// credentials, token, clock and resilience state) in one container, each merchant's Cards client from
/// <see cref="IKeySecureClientFactory"/>, every merchant called once (one Get Token each) before anything is measured.
/// </summary>
public sealed class Merchants : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ICardsClient[] _cards;
    private int _next;

    public Merchants(int count)
    {
        var canned = new CannedHandler();
        var services = new ServiceCollection();
        for (var i = 0; i < count; i++)
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
        _cards = Enumerable.Range(0, count).Select(i => factory.Create(Name(i)).Cards).ToArray();
        foreach (var cards in _cards) cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None).GetAwaiter().GetResult();
        if (canned.TokenRequests != count) throw new InvalidOperationException($"{canned.TokenRequests} token requests for {count} merchants");
    }

    public int Count => _cards.Length;

    /// <summary>GetCardDetail on the next merchant in turn.</summary>
    public Task<CardDetail> NextAsync()
    {
        var cards = _cards[_next];
        _next = _next + 1 == _cards.Length ? 0 : _next + 1;
        return cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
    }

    public void Dispose() => _services.Dispose();

    private static string Name(int i) => "merchant-" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
}
