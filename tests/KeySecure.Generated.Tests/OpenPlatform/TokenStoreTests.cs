using System.Text;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>How the SDK uses its token store: compare-and-delete, no adopting a rejected token, and failures that degrade.</summary>
public class TokenStoreTests
{
    private static readonly Uri Sandbox = KeySecureOptions.SandboxBaseAddress;
    private static readonly DateTimeOffset InADay = KeySecureHarness.Start.AddHours(24);
    private static readonly TokenStoreKey Key = new(Sandbox, KeySecureHarness.ApiKey, KeySecureHarness.ApiSecret);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_that_fails_every_operation_leaves_calls_working_on_per_process_tokens_with_a_warning()
    {
        var (fake, logs, services) = Instance(new FailingStore(), TokenThen((token, n) => n == 4 ? Error(1007, "Access-Token expired") : Detail()));
        using var _ = services;
        var cards = services.GetRequiredService<ICardsClient>();

        await cards.GetCardDetailAsync("C1", Ct);
        await cards.GetCardDetailAsync("C1", Ct); // cached in memory though the store could not keep it
        Assert.Equal(1, fake.CountFor("/merchant/token"));

        await cards.GetCardDetailAsync("C1", Ct); // 1007: the failing compare-and-delete does not stop the refresh
        Assert.Equal(2, fake.CountFor("/merchant/token"));
        Assert.Contains("Token store FailingStore failed (read): InvalidOperationException: store down", logs.AllText);
        Assert.Contains("failed (write)", logs.AllText);
        Assert.Contains("failed (compare-and-delete)", logs.AllText);
    }

    [Fact]
    public async Task A_refresh_never_adopts_the_token_the_provider_just_rejected_even_if_the_store_still_holds_it()
    {
        // A store that keeps handing back tok-stale (another instance wrote it back, or the delete was lost).
        var store = new StaleStore(new StoredAccessToken("tok-stale", InADay));
        var (fake, _, services) = Instance(store, TokenThen((token, _) => token == "tok-stale" ? Error(1007, "Access-Token expired") : Detail()));
        using var __ = services;

        var detail = await services.GetRequiredService<ICardsClient>().GetCardDetailAsync("C1", Ct);

        Assert.Equal("C1", detail.CardNo);
        var attempts = fake.Requests.Where(r => r.Path.EndsWith("/detail", StringComparison.Ordinal)).Select(r => r.Header("Access-Token")).ToList();
        Assert.Equal(["tok-stale", "tok-1"], attempts);
    }

    [Fact]
    public async Task Compare_and_delete_in_memory_keeps_a_newer_token()
    {
        var store = new InMemoryTokenStore();
        await store.SetAsync(Key, new StoredAccessToken("tok-2", InADay), TokenRefreshClaim.Uncoordinated, Ct);

        await store.RemoveAsync(Key, "tok-1", Ct);
        Assert.Equal("tok-2", (await store.GetAsync(Key, Ct))?.Token);

        await store.RemoveAsync(Key, "tok-2", Ct);
        Assert.Null(await store.GetAsync(Key, Ct));
    }

    [Fact]
    public async Task The_distributed_cache_holds_a_sealed_value_under_a_key_of_host_and_api_key_hash_and_deletes_by_comparison()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var store = new DistributedCacheTokenStore(cache);
        var token = new StoredAccessToken("tok-secret", DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()));
        await store.SetAsync(Key, token, TokenRefreshClaim.Uncoordinated, Ct);

        Assert.StartsWith("keysecure:access-token:sandbox-openplatform.keysecure.io:", Key.Name);
        Assert.DoesNotContain(KeySecureHarness.ApiKey, Key.Name);
        Assert.DoesNotContain("tok-secret", Encoding.UTF8.GetString(cache.Get(Key.Name)!));
        Assert.Equal(token, await store.GetAsync(Key, Ct));
        // Production tokens of the same Api-Key live elsewhere; a different secret cannot open the value.
        Assert.Null(await store.GetAsync(new TokenStoreKey(KeySecureOptions.ProductionBaseAddress, KeySecureHarness.ApiKey, KeySecureHarness.ApiSecret), Ct));
        Assert.Null(await store.GetAsync(new TokenStoreKey(Sandbox, KeySecureHarness.ApiKey, "fedcba9876543210"), Ct));

        await store.RemoveAsync(Key, "tok-older", Ct);
        Assert.NotNull(await store.GetAsync(Key, Ct));
        await store.RemoveAsync(Key, "tok-secret", Ct);
        Assert.Null(cache.Get(Key.Name));
    }

    private static HttpResponseMessage Detail() => Envelope("""{"card_no":"C1","status":"Activated","card_type":"Virtual"}""");

    /// <summary>Serves tok-1, tok-2, ... on Get Token, and passes other calls' token and sequence number to <paramref name="then"/>.</summary>
    private static Func<RecordedRequest, int, HttpResponseMessage> TokenThen(Func<string?, int, HttpResponseMessage> then)
    {
        var issued = 0;
        return (request, n) => request.Path.EndsWith("/merchant/token", StringComparison.Ordinal)
            ? Token("tok-" + Interlocked.Increment(ref issued), InADay)
            : then(request.Header("Access-Token"), n);
    }

    private static (FakeProvider Fake, CapturingLoggerProvider Logs, ServiceProvider Services) Instance(IKeySecureTokenStore store, Func<RecordedRequest, int, HttpResponseMessage> respond)
    {
        var fake = new FakeProvider(respond);
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddSingleton<TimeProvider>(new TestClock(KeySecureHarness.Start));
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning));
        services.AddKeySecure(o =>
            {
                o.ApiKey = KeySecureHarness.ApiKey;
                o.ApiSecret = KeySecureHarness.ApiSecret;
                o.Resilience.Retry.Delay = TimeSpan.Zero;
            })
            .ConfigurePrimaryHttpMessageHandler(() => fake);
        return (fake, logs, services.BuildServiceProvider());
    }

    private sealed class FailingStore : IKeySecureTokenStore
    {
        public ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public ValueTask<TokenRefreshClaim> ClaimRefreshAsync(TokenStoreKey key, Func<StoredAccessToken, bool> isUsable, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");
    }

    private sealed class StaleStore(StoredAccessToken stale) : IKeySecureTokenStore
    {
        public ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken) => ValueTask.FromResult<StoredAccessToken?>(stale);

        public ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken) => ValueTask.FromResult(true);

        public ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
