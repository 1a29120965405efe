using System.Text;
using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.Redis.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KeySecure.Generated.Redis.Tests;

/// <summary>The store's lock, fencing, compare-and-delete and sealing, each against a real Garnet server.</summary>
public sealed class RedisTokenStoreTests : IAsyncLifetime
{
    private static readonly Uri Sandbox = new("https://sandbox-openplatform.keysecure.io");
    private static readonly Uri Production = new("https://openplatform.keysecure.io");
    private static readonly DateTimeOffset InAnHour = DateTimeOffset.UtcNow.AddHours(1);

    private readonly GarnetInstance _redis = new();
    private readonly TokenStoreKey _key = new(Sandbox, "merchant-key", "0123456789abcdef");
    private RedisTokenStore _store = null!;
    private ConnectionMultiplexer _raw = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = NewStore(lockExpiry: TimeSpan.FromMilliseconds(300), peerWait: TimeSpan.Zero);
        _raw = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
    }

    [Fact]
    public async Task Only_one_claimant_holds_the_lock_and_a_waiter_that_runs_out_of_patience_still_gets_a_later_fence()
    {
        await using var store = NewStore(lockExpiry: TimeSpan.FromMinutes(1), peerWait: TimeSpan.Zero);
        var first = await store.ClaimRefreshAsync(_key, _ => true, Ct);
        var second = await store.ClaimRefreshAsync(_key, _ => true, Ct);

        Assert.True(first.HoldsLock);
        Assert.False(second.HoldsLock);
        Assert.True(second.Fence > first.Fence);
    }

    [Fact]
    public async Task A_slow_holder_whose_lock_expired_cannot_overwrite_the_newer_token()
    {
        var slow = await _store.ClaimRefreshAsync(_key, _ => true, Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct); // its lock expires (300 ms) while it is still fetching
        await using var lasting = NewStore(lockExpiry: TimeSpan.FromMinutes(1), peerWait: TimeSpan.Zero);
        var next = await lasting.ClaimRefreshAsync(_key, _ => true, Ct);
        Assert.True(next.HoldsLock);

        Assert.True(await lasting.SetAsync(_key, new StoredAccessToken("tok-new", InAnHour), next, Ct));
        Assert.False(await _store.SetAsync(_key, new StoredAccessToken("tok-old", InAnHour), slow, Ct));

        Assert.Equal("tok-new", (await _store.GetAsync(_key, Ct))?.Token);
        // Releasing the expired claim leaves the newer holder's lock alone. (The probes find the stored token
        // unusable, so a probe that gets the lock keeps it instead of adopting the token.)
        await _store.ReleaseAsync(_key, slow, Ct);
        Assert.False((await _store.ClaimRefreshAsync(_key, _ => false, Ct)).HoldsLock);
        await lasting.ReleaseAsync(_key, next, Ct);
        Assert.True((await _store.ClaimRefreshAsync(_key, _ => false, Ct)).HoldsLock);
    }

    [Fact]
    public async Task Compare_and_delete_removes_only_the_rejected_token_and_keeps_its_fence()
    {
        var claim = await _store.ClaimRefreshAsync(_key, _ => true, Ct);
        await _store.SetAsync(_key, new StoredAccessToken("tok-2", InAnHour), claim, Ct);

        await _store.RemoveAsync(_key, "tok-1", Ct); // a stale 1007 from an instance that still held tok-1
        Assert.Equal("tok-2", (await _store.GetAsync(_key, Ct))?.Token);

        await _store.RemoveAsync(_key, "tok-2", Ct);
        Assert.Null(await _store.GetAsync(_key, Ct));
        // An older claim still cannot write after the delete.
        Assert.False(await _store.SetAsync(_key, new StoredAccessToken("tok-1", InAnHour), TokenRefreshClaim.Fetch(claim.Fence - 1, holdsLock: false), Ct));
    }

    [Fact]
    public async Task A_claim_adopts_a_peers_token_that_appears_while_it_waits_but_never_one_it_knows_rejected()
    {
        await using var patient = NewStore(lockExpiry: TimeSpan.FromMinutes(1), peerWait: TimeSpan.FromMinutes(1));
        var holder = await patient.ClaimRefreshAsync(_key, _ => true, Ct);
        Assert.True(holder.HoldsLock);

        var waiting = patient.ClaimRefreshAsync(_key, t => t.Token != "tok-rejected", Ct).AsTask();
        await _store.SetAsync(_key, new StoredAccessToken("tok-rejected", InAnHour), holder, Ct);
        await Task.Delay(200, Ct);
        Assert.False(waiting.IsCompleted);
        await _store.SetAsync(_key, new StoredAccessToken("tok-good", InAnHour), holder, Ct);

        var claim = await waiting.WaitAsync(TimeSpan.FromSeconds(50), Ct);
        Assert.Equal("tok-good", claim.PeerToken?.Token);
        Assert.False(claim.HoldsLock);
    }

    [Fact]
    public async Task The_key_names_host_and_a_hash_of_the_api_key_and_the_value_is_sealed()
    {
        var claim = await _store.ClaimRefreshAsync(_key, _ => true, Ct);
        await _store.SetAsync(_key, new StoredAccessToken("tok-secret-value", InAnHour), claim, Ct);

        var server = _raw.GetServer(_raw.GetEndPoints()[0]);
        var entry = Assert.Single(server.Keys(pattern: "*:token"));
        Assert.Contains("sandbox-openplatform.keysecure.io", entry.ToString());
        Assert.DoesNotContain("merchant-key", entry.ToString());
        foreach (var field in await _raw.GetDatabase().HashGetAllAsync(entry))
        {
            Assert.DoesNotContain("tok-secret-value", Encoding.UTF8.GetString((byte[])field.Value!));
        }

        // Production, another secret, or an altered value: nothing to adopt.
        Assert.Null(await _store.GetAsync(new TokenStoreKey(Production, "merchant-key", "0123456789abcdef"), Ct));
        var otherSecret = new TokenStoreKey(Sandbox, "merchant-key", "fedcba9876543210");
        Assert.Equal(_key.Name, otherSecret.Name);
        Assert.Null(await _store.GetAsync(otherSecret, Ct));
        var data = (byte[])(await _raw.GetDatabase().HashGetAsync(entry, "data"))!;
        data[^1] ^= 1;
        await _raw.GetDatabase().HashSetAsync(entry, "data", data);
        Assert.Null(await _store.GetAsync(_key, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _raw.DisposeAsync();
        _redis.Dispose();
    }

    private RedisTokenStore NewStore(TimeSpan lockExpiry, TimeSpan peerWait) => new(
        Options.Create(new RedisTokenStoreOptions
        {
            Configuration = _redis.Configuration,
            LockExpiry = lockExpiry,
            PeerWaitTimeout = peerWait,
            PollInterval = TimeSpan.FromMilliseconds(20),
        }),
        TimeProvider.System);
}
