namespace KeySecure.Cli.Tour;

/// <summary>
/// A clock whose timers run <see cref="Factor"/> times faster than real time, so the tour can show the SDK's
/// WorldFirst U-result poller (5, 10, 20 ... minutes) in milliseconds. The current time is the system's.
/// </summary>
internal sealed class FastForwardTimeProvider(double factor) : TimeProvider
{
    public double Factor { get; } = factor;

    public TimeSpan Compress(TimeSpan delay) => TimeSpan.FromTicks((long)(delay.Ticks / Factor));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan value) => value == Timeout.InfiniteTimeSpan ? value : Compress(value);
}
