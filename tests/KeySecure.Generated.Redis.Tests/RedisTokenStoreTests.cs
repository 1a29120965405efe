using System.Text;
using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.Redis.Tests.Infrastructure;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.Logging;
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
    public async Task When_two_fetches_race_the_token_that_expires_later_is_kept_whichever_claim_came_first()
    {
        var earlierClaim = TokenRefreshClaim.Fetch(1, holdsLock: false);
        var laterClaim = TokenRefreshClaim.Fetch(2, holdsLock: false);

        Assert.True(await _store.SetAsync(_key, new StoredAccessToken("tok-issued-first", InAnHour), laterClaim, Ct));
        // The earlier claim's Get Token was answered last: its token is the provider's live one, and expires later.
        Assert.True(await _store.SetAsync(_key, new StoredAccessToken("tok-issued-last", InAnHour.AddMinutes(1)), earlierClaim, Ct));
        Assert.Equal("tok-issued-last", (await _store.GetAsync(_key, Ct))?.Token);

        Assert.False(await _store.SetAsync(_key, new StoredAccessToken("tok-expires-sooner", InAnHour), TokenRefreshClaim.Fetch(3, holdsLock: false), Ct));
        Assert.Equal("tok-issued-last", (await _store.GetAsync(_key, Ct))?.Token);
    }

    [Fact]
    public async Task A_token_whose_expiry_is_already_past_does_not_delete_the_entry_that_stops_older_writes()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.True(await _store.SetAsync(_key, new StoredAccessToken("tok-past", now.AddMinutes(-1)), TokenRefreshClaim.Fetch(5, holdsLock: false), Ct));

        var entry = (RedisKey)("{" + _key.Name + "}:token");
        Assert.Equal(5, (long)await _raw.GetDatabase().HashGetAsync(entry, "fence"));
        Assert.False(await _store.SetAsync(_key, new StoredAccessToken("tok-stale", now.AddMinutes(-2)), TokenRefreshClaim.Fetch(4, holdsLock: false), Ct));
        Assert.False(await _store.SetAsync(_key, new StoredAccessToken("tok-stale", now.AddMinutes(-1)), TokenRefreshClaim.Fetch(4, holdsLock: false), Ct));
    }

    [Fact]
    public async Task A_rejected_tokens_expiry_does_not_hold_back_its_replacement()
    {
        Assert.True(await _store.SetAsync(_key, new StoredAccessToken("tok-1", InAnHour.AddHours(1)), TokenRefreshClaim.Fetch(1, holdsLock: false), Ct));
        await _store.RemoveAsync(_key, "tok-1", Ct);

        Assert.True(await _store.SetAsync(_key, new StoredAccessToken("tok-2", InAnHour), TokenRefreshClaim.Fetch(2, holdsLock: false), Ct));
        Assert.Equal("tok-2", (await _store.GetAsync(_key, Ct))?.Token);
    }

    [Fact]
    public async Task A_lock_that_changes_hands_starts_a_new_wait_and_a_free_lock_is_taken_rather_than_fetched_beside()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var logs = new LogCollector(LogLevel.Warning);
        await using var waiter = NewStoreWithDefaults(clock, logs);
        var database = _raw.GetDatabase();
        await database.StringSetAsync(LockKey, "1001"); // a holder whose lock this test ends by hand

        var claim = waiter.ClaimRefreshAsync(_key, _ => true, Ct).AsTask();
        await Eventually.HoldsAsync(() => clock.RequestedDelays.Count >= 1, "the waiter polling");
        await Eventually.DriveAsync(clock, Step, waiters: 1, done: moved => moved >= TimeSpan.FromSeconds(30) || claim.IsCompleted, "the waiter polling again");
        await database.StringSetAsync(LockKey, "1002"); // the first holder's lock ended and another instance took it
        await Eventually.DriveAsync(clock, Step, waiters: 1, done: moved => moved >= TimeSpan.FromSeconds(40) || claim.IsCompleted, "the waiter polling again");

        // 70 s since the wait began, more than the 45 s peer wait, but only 40 s since the lock changed hands.
        Assert.False(claim.IsCompleted, "gave up on a holder that had only just taken the lock");
        await database.KeyDeleteAsync(LockKey);
        await Eventually.DriveAsync(clock, Step, waiters: 1, done: _ => claim.IsCompleted, "the waiter taking the free lock");

        Assert.True((await claim).HoldsLock);
        Assert.Empty(logs.Messages);
    }

    [Fact]
    public async Task Only_a_holder_that_keeps_the_lock_past_a_whole_wait_makes_the_waiter_fetch_without_it_and_say_so()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var logs = new LogCollector(LogLevel.Warning);
        await using var waiter = NewStoreWithDefaults(clock, logs);
        await _raw.GetDatabase().StringSetAsync(LockKey, "1001"); // a lock the server never expires

        var claim = waiter.ClaimRefreshAsync(_key, _ => true, Ct).AsTask();
        await Eventually.HoldsAsync(() => clock.RequestedDelays.Count >= 1, "the waiter polling");
        await Eventually.DriveAsync(clock, Step, waiters: 1, done: _ => claim.IsCompleted, "the waiter polling again");

        Assert.False((await claim).HoldsLock);
        Assert.Contains(logs.Messages, m => m.Contains("held the token refresh lock for more than 45000 ms", StringComparison.Ordinal));
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

    private RedisKey LockKey => "{" + _key.Name + "}:lock";

    // Longer than any jittered poll of the default interval (at most 1.5 intervals): the waiter polls once per step.
    private static TimeSpan Step => new RedisTokenStoreOptions().PollInterval * 1.5;

    private RedisTokenStore NewStoreWithDefaults(TimeProvider clock, LogCollector logs) => new(
        Options.Create(new RedisTokenStoreOptions { Configuration = _redis.Configuration }),
        clock,
        new Logger<RedisTokenStore>(LoggerFactory.Create(builder => builder.AddProvider(logs))));

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
