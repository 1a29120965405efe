using KeySecure.Generated.Tests.Support;
using KeySecure.Generated.Redis.Tests.Infrastructure;

namespace KeySecure.Generated.Redis.Tests;

/// <summary>Separate <c>keysecure</c> processes with <c>KEYSECURE_REDIS</c> set share one token through a real Garnet server.</summary>
[Slow]
public sealed class CliSharedTokenTests : IDisposable
{
    private readonly GarnetInstance _redis = new();
    // A Get Token that takes a second keeps the first fetch in flight while the other processes start and ask.
    private readonly TokenProviderMock _provider = new(TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Eight_card_detail_processes_at_once_send_one_get_token_and_a_ninth_run_sends_none()
    {
        var environment = new Dictionary<string, string>
        {
            ["KEYSECURE_BASE_URL"] = _provider.BaseAddress.ToString(),
            ["KEYSECURE_API_KEY"] = ServiceInstance.ApiKey,
            ["KEYSECURE_API_SECRET"] = ServiceInstance.ApiSecret,
            ["KEYSECURE_REDIS"] = _redis.Configuration,
        };

        // --verbose: the SDK's warnings (a store failure, a wait for a peer that ran out) go to stderr, shown on failure.
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CliProcess.RunAsync(environment, "--verbose", "card", "detail", "C1")));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0 && run.Stdout.Contains("\"C1\"", StringComparison.Ordinal), run.ToString()));
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Equal(8, _provider.DetailCalls);

        var ninth = await CliProcess.RunAsync(environment, "card", "detail", "C1");

        Assert.True(ninth.ExitCode == 0, ninth.ToString());
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Equal(0, _provider.Rejections);
    }

    public void Dispose()
    {
        _provider.Dispose();
        _redis.Dispose();
    }
}
