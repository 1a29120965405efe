using KeySecure.Generated.OpenPlatform.Auth;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

internal static class TokenKeys
{
    /// <summary>The store key the SDK uses for the test merchant at <paramref name="provider"/>.</summary>
    public static TokenStoreKey Of(TokenProviderMock provider) =>
        new(provider.BaseAddress, ServiceInstance.ApiKey, ServiceInstance.ApiSecret);

    /// <summary>Waits until <paramref name="store"/> has reconnected (its commands fail fast until then).</summary>
    public static async Task WaitUntilReachableAsync(RedisTokenStore store, TokenProviderMock provider)
    {
        var key = Of(provider);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await store.GetAsync(key, limit.Token);
                return;
            }
            catch (Exception error) when (error is StackExchange.Redis.RedisException && !limit.IsCancellationRequested)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
            catch (Exception error) when (limit.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("The token store did not reconnect to the restarted server within 30 s.", error);
            }
        }
    }
}
