using System.Net;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstUnknownResultPollerTests
{
    private static readonly QueryCardSensitiveInfoRequest Request = new() { AssetId = "ASSET-7" };

    /// <summary>How long a test waits for the poller to finish once nothing holds it (a deadline, not a measurement).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

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

        // Not a second early: the only delay on the clock is the five minutes asserted above, so this moves no timer.
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(1, host.Server.Calls);

        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimersAsync(2);
        Assert.Equal(TimeSpan.FromMinutes(10), time.RequestedDelays[1]);
        Assert.Equal(2, host.Server.Calls);

        time.Advance(TimeSpan.FromMinutes(10));
        var info = await polling.WaitAsync(Deadline, TestContext.Current.CancellationToken);

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

        var ex = await Assert.ThrowsAsync<WorldFirstUnknownResultException>(() => polling.WaitAsync(Deadline, TestContext.Current.CancellationToken));
        Assert.Equal("REQUEST_TRAFFIC_EXCEED_LIMIT", ex.ResultCode);
        Assert.Equal(8, host.Server.Calls);
        Assert.Equal(schedule, time.RequestedDelays);
    }

    [Fact]
    public async Task Cancelled_while_waiting_after_a_U_it_stops_and_never_queries_again()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("U", "UNKNOWN_EXCEPTION")));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var polling = host.Client.QueryCardSensitiveInfoUntilKnownAsync(Request, host.Time, stop.Token);
        await host.Time.WaitForTimersAsync(1);
        await stop.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => polling.WaitAsync(Deadline, TestContext.Current.CancellationToken));
        Assert.Equal(stop.Token, cancelled.CancellationToken);
        host.Time.Advance(TimeSpan.FromHours(11)); // past the whole schedule
        Assert.Equal(1, host.Server.Calls);
        Assert.Single(host.Time.RequestedDelays);
    }

    [Fact]
    public async Task An_error_between_two_U_answers_ends_the_polling_with_that_error()
    {
        // U, then a 503 from a gateway, then (never asked) U again and S.
        using var host = new WorldFirstTestHost((request, call) => call switch
        {
            1 or 3 => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("U", "UNKNOWN_EXCEPTION")),
            2 => WorldFirstResponses.Unsigned("<html>503</html>", HttpStatusCode.ServiceUnavailable, "text/html"),
            _ => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-7")),
        });
        var time = host.Time;

        var polling = host.Client.QueryCardSensitiveInfoUntilKnownAsync(Request, time, TestContext.Current.CancellationToken);
        await time.WaitForTimersAsync(1);
        time.Advance(TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => polling.WaitAsync(Deadline, TestContext.Current.CancellationToken));
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(2, host.Server.Calls);
        time.Advance(TimeSpan.FromHours(11));
        Assert.Equal(2, host.Server.Calls);
        Assert.Single(time.RequestedDelays);
    }

    [Fact]
    public async Task F_is_not_retried()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("F", "RISK_REJECT")));

        await Assert.ThrowsAsync<WorldFirstApiException>(() =>
            host.Client.QueryCardSensitiveInfoUntilKnownAsync(Request, host.Time, TestContext.Current.CancellationToken).WaitAsync(Deadline, TestContext.Current.CancellationToken));

        Assert.Equal(1, host.Server.Calls);
        Assert.Empty(host.Time.RequestedDelays);
    }
}
