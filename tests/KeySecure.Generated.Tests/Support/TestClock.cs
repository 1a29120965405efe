using Microsoft.Extensions.Time.Testing;

namespace KeySecure.Generated.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also records the due time of every timer created armed (a delay), so a test
/// can wait until a delay is really scheduled before it moves the clock. Moving the clock earlier would leave the
/// delay, created afterwards, due one step too late: the call would wait forever.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _requestedDelays = [];

    public TestClock(DateTimeOffset start, TimeZoneInfo? zone = null)
        : base(start)
    {
        if (zone is not null) SetLocalTimeZone(zone);
    }

    /// <summary>The due times of every timer created armed so far, in order.</summary>
    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get { lock (_gate) return [.. _requestedDelays]; }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Recorded after the base registered the timer, so a test that saw the delay can advance past it. Timers created
        // unarmed (a CancellationTokenSource waiting for CancelAfter, the resilience timeouts) are no delays.
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate) _requestedDelays.Add(dueTime);
        }
        return timer;
    }

    /// <summary>Waits (in real time, at most 10 s) until at least <paramref name="count"/> delays were scheduled.</summary>
    public Task WaitForTimersAsync(int count) => WaitForAsync(delays => delays.Count >= count, $"{count} delays");

    /// <summary>Waits (in real time, at most 10 s) until a delay of <paramref name="dueTime"/> (to the millisecond) is scheduled.</summary>
    public Task WaitForDelayAsync(TimeSpan dueTime) =>
        WaitForAsync(delays => delays.Any(delay => Math.Abs((delay - dueTime).TotalMilliseconds) < 1), $"a delay of {dueTime}");

    private async Task WaitForAsync(Func<IReadOnlyList<TimeSpan>, bool> scheduled, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!scheduled(RequestedDelays))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {expected}, saw [{string.Join(", ", RequestedDelays)}].");
            await Task.Delay(5);
        }
    }
}
