using KeySecure.Generated.Redis.Tests.Infrastructure;
using KeySecure.Generated.Tests.Support;

namespace KeySecure.Generated.Redis.Tests;

/// <summary>Several instances of a merchant's service in one process, each with its own Redis connection, on a real Garnet server.</summary>
public sealed class SharedTokenTests : IDisposable
{
    private readonly GarnetInstance _redis = new();
    private readonly TokenProviderMock _provider = new(TimeSpan.FromMilliseconds(300));
    private readonly List<ServiceInstance> _instances = [];

    [Fact]
    public async Task Twelve_cold_instances_calling_at_once_send_one_get_token_and_all_use_it()
    {
        var instances = Start(12);

        var cards = await Task.WhenAll(instances.SelectMany(i => Enumerable.Range(0, 5).Select(_ => Task.Run(() => i.CardDetailAsync()))));

        Assert.All(cards, card => Assert.Equal("C1", card));
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Equal(0, _provider.Rejections);
        Assert.All(instances, i => Assert.Empty(i.Warnings));
    }

    [Fact]
    public async Task A_1007_seen_by_one_instance_is_refreshed_once_and_the_others_adopt_the_new_token()
    {
        var instances = Start(3);
        foreach (var instance in instances) await instance.CardDetailAsync();
        Assert.Equal(1, _provider.TokensIssued);

        _provider.RevokeLiveToken();
        // The first instance sees 1007 and fetches; the others, still holding the old token, see 1007 too, but their
        // compare-and-delete leaves the new token in place and their refresh adopts it instead of fetching again.
        foreach (var instance in instances) Assert.Equal("C1", await instance.CardDetailAsync());
        foreach (var instance in instances) Assert.Equal("C1", await instance.CardDetailAsync());

        Assert.Equal(2, _provider.TokensIssued);
        Assert.Equal(3, _provider.Rejections);
    }

    [Fact]
    public async Task Eight_instances_send_one_get_token_when_it_takes_seven_seconds()
    {
        // The SDK's and the store's defaults, on one clock the test moves: the 7 s pass on it, not in real time.
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.TokenDelay = TimeSpan.Zero;
        _provider.TokenGate = answer.Task;
        var instances = Start(8, time: clock);
        // Longer than any jittered poll (at most 1.5 intervals), so every waiter polls once per step.
        var step = new RedisTokenStoreOptions().PollInterval * 1.5;

        var calls = instances.Select(i => Task.Run(() => i.CardDetailAsync())).ToArray();
        try
        {
            await Eventually.HoldsAsync(() => _provider.TokenRequests == 1 && clock.RequestedDelays.Count >= 7, "one Get Token in flight and seven instances waiting for it");

            await Eventually.DriveAsync(clock, step, waiters: 7, done: moved => moved >= TimeSpan.FromSeconds(7) || _provider.TokenRequests > 1, "every waiter polling again");
            Assert.Equal(1, _provider.TokenRequests);

            // Get Token answers: the holder stores the token and its call completes; the next steps wake the seven
            // waiters, which find the token at their next poll. A waiter that was between two polls when a step came
            // schedules its next poll after it, so the clock moves on until every call has completed.
            answer.SetResult();
            await Eventually.HoldsAsync(() => calls.Any(call => call.IsCompleted), "the holder's call answered");
            await Eventually.DriveAsync(clock, step, waiters: 1, done: _ => calls.All(call => call.IsCompleted), "every waiter adopting the stored token");

            Assert.All(await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), card => Assert.Equal("C1", card));
        }
        finally
        {
            // After a failure, calls still wait on the gate and on the test's clock: end them (the answer, then every
            // timeout due) so that the instances can be disposed.
            answer.TrySetResult();
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.WhenAny(Task.WhenAll(calls), Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        Assert.Equal(1, _provider.TokensIssued);
        Assert.Equal(0, _provider.Rejections);
        Assert.All(instances, i => Assert.Empty(i.Warnings));
    }

    [Fact]
    public async Task A_holder_that_died_loses_the_lock_when_it_expires_and_a_waiter_then_fetches_under_the_lock()
    {
        var waiter = Start(1)[0];
        // A peer took the refresh lock and then hung: it never stores a token nor releases the lock, which lives 300 ms.
        await using var hung = new RedisTokenStore(Microsoft.Extensions.Options.Options.Create(new RedisTokenStoreOptions { Configuration = _redis.Configuration, LockExpiry = TimeSpan.FromMilliseconds(300) }), TimeProvider.System);
        var peerClaim = await hung.ClaimRefreshAsync(TokenKeys.Of(_provider), _ => true, TestContext.Current.CancellationToken);
        Assert.True(peerClaim.HoldsLock);

        Assert.Equal("C1", await waiter.CardDetailAsync());

        Assert.Equal(1, _provider.TokensIssued);
        // No "held the lock for more than" warning: it waited the lock out and fetched holding it.
        Assert.Empty(waiter.Warnings);
    }

    [Fact]
    public async Task Calls_go_on_while_the_server_is_down_and_instances_share_again_after_it_restarts()
    {
        var instances = Start(3);
        foreach (var instance in instances) await instance.CardDetailAsync();

        _redis.Stop();
        _provider.RevokeLiveToken();
        // Every instance now refreshes on its own (the store fails fast); no call fails.
        foreach (var instance in instances) Assert.Equal("C1", await instance.CardDetailAsync());
        Assert.All(instances, i => Assert.Contains(i.Warnings, w => w.Contains("Token store RedisTokenStore failed", StringComparison.Ordinal)));
        Assert.True(_provider.TokensIssued >= 2);

        _redis.Start();
        foreach (var instance in instances) await TokenKeys.WaitUntilReachableAsync(instance.Store, _provider);
        var issuedBefore = _provider.TokensIssued;
        _provider.RevokeLiveToken();
        foreach (var instance in instances) Assert.Equal("C1", await instance.CardDetailAsync());
        foreach (var instance in instances) Assert.Equal("C1", await instance.CardDetailAsync());

        Assert.Equal(issuedBefore + 1, _provider.TokensIssued);
    }

    public void Dispose()
    {
        foreach (var instance in _instances) instance.Dispose();
        _provider.Dispose();
        _redis.Dispose();
    }

    private ServiceInstance[] Start(int count, TimeProvider? time = null)
    {
        var started = Enumerable.Range(0, count).Select(_ => new ServiceInstance(_provider, _redis, time)).ToArray();
        _instances.AddRange(started);
        return started;
    }
}
