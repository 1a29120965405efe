namespace KeySecure.Generated.Tests.Support;

/// <summary>
/// Waits for a condition in real time, with a deadline and a message naming what was awaited: a test waiting for the
/// code under test to get somewhere fails with that message instead of hanging the run.
/// </summary>
internal static class Eventually
{
    /// <summary>How long a test waits for something already under way (a deadline, not a measurement).</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Still waiting for {what}.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Moves <paramref name="clock"/> forward in steps of <paramref name="step"/> until <paramref name="done"/> holds,
    /// letting the code under test run between steps: after each step, waits until <paramref name="waiters"/> more delays
    /// were scheduled on the clock (every waiter woke and waits again) or <paramref name="done"/> holds. Fails once the
    /// clock has moved ten minutes without <paramref name="done"/> holding.
    /// </summary>
    public static async Task DriveAsync(TestClock clock, TimeSpan step, int waiters, Func<TimeSpan, bool> done, string what)
    {
        var limit = TimeSpan.FromMinutes(10);
        var moved = TimeSpan.Zero;
        while (!done(moved))
        {
            if (moved > limit) throw new TimeoutException($"Not done after {limit} on the test's clock: {what}.");
            var scheduled = clock.RequestedDelays.Count;
            clock.Advance(step);
            moved += step;
            await HoldsAsync(() => clock.RequestedDelays.Count >= scheduled + waiters || done(moved), what);
        }
    }
}
