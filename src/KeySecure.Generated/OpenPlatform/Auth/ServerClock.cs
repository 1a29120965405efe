namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// The provider rejects a <c>Timestamp</c> that is in its future or more than 60 s old (code 1005), so a merchant
/// whose clock runs ahead fails every call. This clock learns the server's offset from each response's
/// <c>Date</c> header and stamps requests in the server's time.
/// </summary>
/// <remarks>
/// <c>Date</c> has one-second resolution and is written before the response travels back, so the learned offset
/// errs towards the past: stamps are at most about a second plus one network latency behind the server, never ahead.
/// </remarks>
internal sealed class ServerClock
{
    private readonly TimeProvider _time;
    private long _offsetTicks;

    /// <summary>Creates a clock over the injected time source.</summary>
    public ServerClock(TimeProvider time) => _time = time;

    /// <summary>The offset last learned (server minus local).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Now, as the server sees it.</summary>
    public DateTimeOffset Now => _time.GetUtcNow() + Offset;

    /// <summary>The 13-digit Unix-millisecond <c>Timestamp</c> header value.</summary>
    public string TimestampHeader() => Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Learns the offset from a response's <c>Date</c> header.</summary>
    public void Observe(DateTimeOffset? serverDate)
    {
        if (serverDate is not { } date) return;
        Interlocked.Exchange(ref _offsetTicks, (date - _time.GetUtcNow()).Ticks);
    }
}
