using KeySecure.Generated.Redis.Tests.Infrastructure;

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
    public async Task The_wait_for_a_peer_is_bounded_then_the_instance_fetches_itself()
    {
        var waiter = Start(1, o => o.PeerWaitTimeout = TimeSpan.FromMilliseconds(300))[0];
        // A peer took the refresh lock and then hung: it never stores a token nor releases the lock.
        var hung = new RedisTokenStore(Microsoft.Extensions.Options.Options.Create(new RedisTokenStoreOptions { Configuration = _redis.Configuration, LockExpiry = TimeSpan.FromMinutes(1) }), TimeProvider.System);
        var peerClaim = await hung.ClaimRefreshAsync(TokenKeys.Of(_provider), _ => true, TestContext.Current.CancellationToken);
        Assert.True(peerClaim.HoldsLock);

        Assert.Equal("C1", await waiter.CardDetailAsync());

        Assert.Equal(1, _provider.TokensIssued);
        Assert.Contains(waiter.Warnings, w => w.Contains("did not finish within 300 ms", StringComparison.Ordinal));
        await hung.DisposeAsync();
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

    private ServiceInstance[] Start(int count, Action<RedisTokenStoreOptions>? configure = null)
    {
        var started = Enumerable.Range(0, count).Select(_ => new ServiceInstance(_provider, _redis, configure)).ToArray();
        _instances.AddRange(started);
        return started;
    }
}
