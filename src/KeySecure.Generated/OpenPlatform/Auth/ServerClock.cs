namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// The provider rejects a <c>Timestamp</c> that is in its future or more than 60 s old (code 1005), so a merchant
/// whose clock runs ahead fails every call. This clock learns the server's offset from each response's
/// <c>Date</c> header and stamps requests in the server's time.
/// </summary>
/// <remarks>
/// <c>Date</c> has one-second resolution and is written before the response travels back, so the learned offset
/// errs towards the past: stamps are at most about a second plus one network latency behind the server, never ahead.
/// Only the provider's own answers are observed (<see cref="Handlers.EnvelopeReader"/> passes the <c>Date</c> of
/// envelopes, never of a proxy's error page), and the offset is clamped to <see cref="MaxOffset"/>.
/// </remarks>
internal sealed class ServerClock
{
    /// <summary>
    /// The largest offset learned, either way. A choice, not a documented figure: a real clock is off by seconds or
    /// minutes; a <c>Date</c> a day or more away is a broken or hostile answer, and believing it whole would stamp every
    /// later request far into the past or future.
    /// </summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromDays(1);

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

    /// <summary>Learns the offset from the <c>Date</c> header of a provider's answer, clamped to <see cref="MaxOffset"/>.</summary>
    public void Observe(DateTimeOffset? serverDate)
    {
        if (serverDate is not { } date) return;
        var offset = Math.Clamp((date - _time.GetUtcNow()).Ticks, -MaxOffset.Ticks, MaxOffset.Ticks);
        Interlocked.Exchange(ref _offsetTicks, offset);
    }
}
