using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using KeySecure.Generated.Webhooks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KeySecure.Generated.Tests.Webhooks.WebhookSamples;

namespace KeySecure.Generated.Tests.Webhooks;

public sealed class WebhookReplayGuardTests
{
    private static readonly TimeSpan Tolerance = WebhookOptions.DefaultTolerance;

    private static MemoryDistributedCache NewCache() => new(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));

    private static KeySecureWebhookEvent Verified(string body = ConsumptionBody, TimeProvider? time = null, string? signedAs = null) =>
        Verifier(time).Verify(Bytes(body), Timestamp, Sign(signedAs ?? body), "V1").GetEventOrThrow();

    private static string Relabel(string body, string from, string to)
    {
        var relabelled = body.Replace($"\"action\":\"{from}\"", $"\"action\":\"{to}\"", StringComparison.Ordinal);
        Assert.NotEqual(body, relabelled);
        return relabelled;
    }

    [Fact]
    public async Task A_completed_delivery_is_AlreadyHandled_the_next_time_even_under_a_new_id()
    {
        var guard = new WebhookReplayGuard(NewCache(), Tolerance);

        await using (var first = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken))
        {
            Assert.Equal(WebhookDeliveryState.New, first.State);
            await first.CompleteAsync();
        }

        var reposted = Verified(ConsumptionBody.Replace("evt_cons_1", "evt_cons_2", StringComparison.Ordinal));
        await using var second = await guard.ClaimAsync(reposted, TestContext.Current.CancellationToken);
        Assert.Equal(WebhookDeliveryState.AlreadyHandled, second.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.CompleteAsync());
    }

    [Fact]
    public async Task Signed_content_handled_under_one_action_is_an_ActionConflict_under_another()
    {
        var guard = new WebhookReplayGuard(NewCache(), Tolerance);
        // The sample Auth's data also has every business key of a Consumption, so the relabelled copy verifies.
        var relabelled = Verified(Relabel(AuthBody, "Auth", "Consumption"), signedAs: AuthBody);

        await using (var held = await guard.ClaimAsync(Verified(AuthBody), TestContext.Current.CancellationToken))
        {
            await using (var whileHeld = await guard.ClaimAsync(relabelled, TestContext.Current.CancellationToken))
            {
                Assert.Equal(WebhookDeliveryState.ActionConflict, whileHeld.State);
                Assert.Equal("Auth", whileHeld.RecordedAction);
            }
            await held.CompleteAsync();
        }

        await using var afterwards = await guard.ClaimAsync(relabelled, TestContext.Current.CancellationToken);
        Assert.Equal(WebhookDeliveryState.ActionConflict, afterwards.State);
        await using var genuineAgain = await guard.ClaimAsync(Verified(AuthBody), TestContext.Current.CancellationToken);
        Assert.Equal(WebhookDeliveryState.AlreadyHandled, genuineAgain.State);
    }

    [Fact]
    public async Task A_copy_relabelled_with_an_unknown_action_does_not_stop_the_genuine_event()
    {
        var guard = new WebhookReplayGuard(NewCache(), Tolerance);
        var invented = Verified(Relabel(ConsumptionBody, "Consumption", "Refund_notice"), signedAs: ConsumptionBody);

        await using (var copy = await guard.ClaimAsync(invented, TestContext.Current.CancellationToken))
        {
            Assert.Equal(WebhookDeliveryState.New, copy.State);
            await copy.CompleteAsync();
        }
        await using (var genuine = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken))
        {
            Assert.Equal(WebhookDeliveryState.New, genuine.State);
            await genuine.CompleteAsync();
        }

        // Each is still deduplicated on its own.
        await using var copyAgain = await guard.ClaimAsync(invented, TestContext.Current.CancellationToken);
        Assert.Equal(WebhookDeliveryState.AlreadyHandled, copyAgain.State);
        await using var genuineAgain = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken);
        Assert.Equal(WebhookDeliveryState.AlreadyHandled, genuineAgain.State);
    }

    [Fact]
    public async Task A_claim_whose_lease_was_taken_over_neither_records_nor_releases_over_the_new_holder()
    {
        var cache = NewCache();
        // Two processes over one shared cache: separate cache objects, so separate in-process gates.
        var slowProcess = new DistributedCacheReplayStore(cache);
        var otherProcess = new DistributedCacheReplayStore(new InterleavingCache(cache) { Rival = false });
        var key = WebhookReplayGuard.KeyPrefix + Verified().DeliveryKey;
        var slowLease = WebhookReplayRecord.NewLease("Consumption");
        var lease = WebhookReplayRecord.NewLease("Consumption");
        Assert.Null(await slowProcess.TryClaimAsync(key, slowLease, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        await cache.RemoveAsync(key, TestContext.Current.CancellationToken); // the slow claim's lease ran out
        Assert.Null(await otherProcess.TryClaimAsync(key, lease, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));

        await slowProcess.ReleaseAsync(key, slowLease);
        Assert.Equal(lease, await ReadAsync(cache, key));
        Assert.False(await slowProcess.MarkHandledAsync(key, slowLease, WebhookReplayRecord.HandledMark("Consumption"), TimeSpan.FromMinutes(10)));
        Assert.Equal(lease, await ReadAsync(cache, key));

        Assert.True(await otherProcess.MarkHandledAsync(key, lease, WebhookReplayRecord.HandledMark("Consumption"), TimeSpan.FromMinutes(10)));
        Assert.Equal("H|Consumption", await ReadAsync(cache, key));
    }

    private static async Task<string> ReadAsync(IDistributedCache cache, string key) =>
        Encoding.UTF8.GetString((await cache.GetAsync(key, TestContext.Current.CancellationToken))!);

    [Fact]
    public async Task A_claim_released_without_completing_lets_the_retry_be_handled()
    {
        var guard = new WebhookReplayGuard(NewCache(), Tolerance);

        await using (var failed = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken))
        {
            Assert.Equal(WebhookDeliveryState.New, failed.State);
        }

        await using var retry = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken);
        Assert.Equal(WebhookDeliveryState.New, retry.State);
    }

    [Fact]
    public async Task A_delivery_held_by_one_request_is_InProgress_for_another()
    {
        var guard = new WebhookReplayGuard(NewCache(), Tolerance);

        await using var holder = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken);
        await using var rival = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken);

        Assert.Equal(WebhookDeliveryState.New, holder.State);
        Assert.Equal(WebhookDeliveryState.InProgress, rival.State);
    }

    [Fact]
    public async Task Identical_deliveries_at_once_on_two_guards_sharing_a_cache_are_claimed_once()
    {
        var cache = NewCache();
        WebhookReplayGuard[] guards = [new(cache, Tolerance), new(cache, Tolerance)];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pending = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await guards[i % 2].ClaimAsync(Verified(), TestContext.Current.CancellationToken);
        })).ToList();
        start.SetResult();
        var claims = await Task.WhenAll(pending);

        var winner = Assert.Single(claims, c => c.State == WebhookDeliveryState.New);
        await winner.CompleteAsync();
        foreach (var claim in claims) await claim.DisposeAsync();

        await using var later = await guards[1].ClaimAsync(Verified(), TestContext.Current.CancellationToken);
        Assert.Equal(WebhookDeliveryState.AlreadyHandled, later.State);
    }

    [Fact]
    public async Task A_rival_process_that_wrote_between_read_and_read_back_wins()
    {
        // Another instance (another process, so not behind this process's gate) writes its lease just after ours.
        var cache = new InterleavingCache(NewCache());
        var guard = new WebhookReplayGuard(cache, Tolerance);

        await using var claim = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken);

        Assert.Equal(WebhookDeliveryState.InProgress, claim.State);
        Assert.True(cache.RivalWrote);
    }

    [Fact]
    public async Task The_record_is_kept_twice_the_tolerance_and_the_lease_at_most_a_minute()
    {
        var cache = new InterleavingCache(NewCache()) { Rival = false };
        var guard = new WebhookReplayGuard(cache, TimeSpan.FromMinutes(3));

        await using (var claim = await guard.ClaimAsync(Verified(), TestContext.Current.CancellationToken))
        {
            await claim.CompleteAsync();
        }

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6)], cache.Lifetimes);
        Assert.Equal(TimeSpan.FromMinutes(6), guard.RecordLifetime);
        Assert.All(cache.Keys, key => Assert.Equal(WebhookReplayGuard.KeyPrefix + "V1:" + Sign(ConsumptionBody), key));
    }

    [Fact]
    public async Task A_replay_inside_the_window_is_a_duplicate_and_after_it_is_stale()
    {
        var time = new TestClock(Now);
        var verifier = Verifier(time);
        var guard = new WebhookReplayGuard(NewCache(), verifier.Tolerance);
        await using (var claim = await guard.ClaimAsync(Verified(time: time), TestContext.Current.CancellationToken))
        {
            await claim.CompleteAsync();
        }

        time.Advance(Tolerance - TimeSpan.FromSeconds(1));
        await using (var inside = await guard.ClaimAsync(Verified(time: time), TestContext.Current.CancellationToken))
        {
            Assert.Equal(WebhookDeliveryState.AlreadyHandled, inside.State);
        }

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(WebhookFailureReason.StaleTimestamp, verifier.Verify(Bytes(ConsumptionBody), Timestamp, Sign(ConsumptionBody), "V1").Failure);
    }

    [Fact]
    public async Task An_event_that_was_not_verified_cannot_be_claimed()
    {
        var guard = new WebhookReplayGuard(NewCache(), Tolerance);
        var handMade = new KeySecureWebhookEvent("e", WebhookAction.CardUpdate, null, Now, default);

        await Assert.ThrowsAsync<ArgumentException>(() => guard.ClaimAsync(handMade, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Named_registrations_verify_with_their_own_secret_and_name_their_events()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new TestClock(Now));
        services.AddDistributedMemoryCache();
        services.AddKeySecureWebhooks("merchant-a", o => { o.AppId = AppId; o.Secret = Secret; });
        services.AddKeySecureWebhooks("merchant-b", o => { o.AppId = "AK_b"; o.Secret = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"; });
        using var provider = services.BuildServiceProvider();
        var registrations = provider.GetRequiredService<WebhookRegistrations>();

        var a = registrations.GetVerifier("merchant-a").Verify(Bytes(CardUpdateBody), Timestamp, Sign(CardUpdateBody), "V1");
        var bWithA = registrations.GetVerifier("merchant-b").Verify(Bytes(CardUpdateBody), Timestamp, Sign(CardUpdateBody), "V1");

        Assert.Equal("merchant-a", a.GetEventOrThrow().RegistrationName);
        Assert.Equal(WebhookFailureReason.BadSignature, bWithA.Failure);
        Assert.Same(registrations.GetReplayGuard("merchant-a"), registrations.GetReplayGuard("merchant-a"));
        Assert.Throws<OptionsValidationException>(() => registrations.GetVerifier("merchant-c"));
    }

    [Fact]
    public void Without_a_distributed_cache_the_guard_says_what_to_register()
    {
        var services = new ServiceCollection();
        services.AddKeySecureWebhooks(o => { o.AppId = AppId; o.Secret = Secret; });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<WebhookReplayGuard>());
        Assert.Contains("AddDistributedMemoryCache", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddRedisWebhookReplayStore", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Records entry lifetimes, and can play a rival process that writes its own lease right after ours.</summary>
    private sealed class InterleavingCache(IDistributedCache inner) : IDistributedCache
    {
        public bool Rival { get; init; } = true;

        public bool RivalWrote { get; private set; }

        public List<TimeSpan?> Lifetimes { get; } = [];

        public List<string> Keys { get; } = [];

        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new NotSupportedException();

        public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Lifetimes.Add(options.AbsoluteExpirationRelativeToNow);
            Keys.Add(key);
            await inner.SetAsync(key, value, options, token);
            if (Rival && !RivalWrote)
            {
                RivalWrote = true;
                await inner.SetAsync(key, [1, 9, 9, 9], options, token);
            }
        }

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);
    }
}
