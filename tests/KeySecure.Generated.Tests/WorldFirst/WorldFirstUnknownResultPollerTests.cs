using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstUnknownResultPollerTests
{
    private static readonly QueryCardSensitiveInfoRequest Request = new() { AssetId = "ASSET-7" };

    [Fact]
    public async Task Waits_5_then_10_minutes_and_returns_S_on_the_third_call()
    {
        using var host = new WorldFirstTestHost((request, call) => WorldFirstResponses.Signed(request,
            call < 3 ? WorldFirstResponses.Result("U", "UNKNOWN_EXCEPTION") : WorldFirstResponses.Success("ASSET-7")));
        var time = host.Time;

        var polling = host.Client.QueryCardSensitiveInfoUntilKnownAsync(Request, time, TestContext.Current.CancellationToken);

        await time.WaitForTimersAsync(1);
        Assert.Equal(TimeSpan.FromMinutes(5), time.RequestedDelays[0]);
        Assert.Equal(1, host.Server.Calls);

        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(1, host.Server.Calls); // not a second early

        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimersAsync(2);
        Assert.Equal(TimeSpan.FromMinutes(10), time.RequestedDelays[1]);
        Assert.Equal(2, host.Server.Calls);

        time.Advance(TimeSpan.FromMinutes(10));
        var info = await polling;

        Assert.Equal("ASSET-7", info.AssetId);
        Assert.Equal(3, host.Server.Calls);
        Assert.Equal(2, time.RequestedDelays.Count);
    }

    [Fact]
    public async Task Gives_up_after_7_retries_with_the_last_U()
    {
        using var host = new WorldFirstTestHost((request, call) =>
            WorldFirstResponses.Signed(request, WorldFirstResponses.Result("U", call == 8 ? "REQUEST_TRAFFIC_EXCEED_LIMIT" : "UNKNOWN_EXCEPTION")));
        var time = host.Time;

        var polling = host.Client.QueryCardSensitiveInfoUntilKnownAsync(Request, time, TestContext.Current.CancellationToken);
        var schedule = WorldFirstResultCodes.UnknownRetrySchedule;
        for (var i = 0; i < schedule.Count; i++)
        {
            await time.WaitForTimersAsync(i + 1);
            time.Advance(schedule[i]);
        }

        var ex = await Assert.ThrowsAsync<WorldFirstUnknownResultException>(() => polling);
        Assert.Equal("REQUEST_TRAFFIC_EXCEED_LIMIT", ex.ResultCode);
        Assert.Equal(8, host.Server.Calls);
        Assert.Equal(schedule, time.RequestedDelays);
    }

    [Fact]
    public async Task F_is_not_retried()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("F", "RISK_REJECT")));

        await Assert.ThrowsAsync<WorldFirstApiException>(() =>
            host.Client.QueryCardSensitiveInfoUntilKnownAsync(Request, host.Time, TestContext.Current.CancellationToken));

        Assert.Equal(1, host.Server.Calls);
        Assert.Empty(host.Time.RequestedDelays);
    }
}
