using KeySecure.Generated.Redis.Tests.Infrastructure;

namespace KeySecure.Generated.Redis.Tests;

/// <summary>
/// A token store whose server hangs (accepts, never answers) must cost a call no more than the client's own timeouts:
/// the store's failure degrades to a per-process token with a warning, as a server that refuses does.
/// </summary>
public sealed class HungServerTests : IDisposable
{
    /// <summary>The Redis client's timeouts for these tests: each wait on the hung server ends after this.</summary>
    private const int ClientTimeoutMs = 1000;

    /// <summary>
    /// How long a call may take before the test calls it held by the hung server: many times the client's timeouts, so a
    /// slow machine passes, yet far below anything that waits on the server without a timeout (a deadline, not a measurement).
    /// </summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly HungServer _hung = new();
    private readonly TokenProviderMock _provider = new(TimeSpan.Zero);

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_degrades_calls_to_a_per_process_token_within_the_client_timeouts()
    {
        using var instance = new ServiceInstance(_provider,
            $"127.0.0.1:{_hung.Port},connectTimeout={ClientTimeoutMs},asyncTimeout={ClientTimeoutMs},syncTimeout={ClientTimeoutMs}");

        var first = await Within(instance.CardDetailAsync(), "the first call");
        var second = await Within(instance.CardDetailAsync(), "the second call");

        Assert.Equal("C1", first);
        Assert.Equal("C1", second);
        Assert.True(_hung.Accepted > 0, "the store never connected to the hung server");
        Assert.Equal(1, _provider.TokenRequests); // one per-process token, reused by the second call
        Assert.Contains(instance.Warnings, w => w.Contains("Token store RedisTokenStore failed", StringComparison.Ordinal));
    }

    private static async Task<T> Within<T>(Task<T> call, string what)
    {
        try
        {
            return await call.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} was still waiting on the hung token store after {Deadline.TotalSeconds} s.");
        }
    }

    public void Dispose()
    {
        _provider.Dispose();
        _hung.Dispose();
    }
}
