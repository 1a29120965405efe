using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// When a token from Get Token expires: its <c>expired_time</c> read as <see cref="KeySecureOptions.TokenExpiryFormat"/>
/// says, unless that lands outside what a token's life can be, in which case the SDK uses the token for
/// <see cref="FallbackLifetime"/> and warns.
/// </summary>
/// <remarks>
/// An expiry already past, or further away than <see cref="MaxLifetime"/>, means the format assumption is wrong for
/// this merchant (seconds read as milliseconds, a lifetime read as a date) or the answer is broken. Believing it would
/// refetch on every call, or keep a token long after the provider dropped it; the fallback uses the token briefly
/// instead, and a 1007 still triggers a refresh.
/// </remarks>
internal static partial class TokenExpiry
{
    /// <summary>How long a token is used when its <c>expired_time</c> is missing or out of range.</summary>
    public static readonly TimeSpan FallbackLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The longest lifetime believed. A choice: the one documented example is 24 h; 30 days leaves room for a provider
    /// that issues longer-lived tokens while still catching a misread format.
    /// </summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    /// <summary>The expiry of a token issued at <paramref name="issuedAt"/> (server time) with <paramref name="expiredTime"/>.</summary>
    public static DateTimeOffset Of(long? expiredTime, TokenExpiryFormat format, DateTimeOffset issuedAt, ILogger logger)
    {
        if (expiredTime is not { } value || value <= 0)
        {
            return issuedAt + FallbackLifetime;
        }
        DateTimeOffset? expiry = format switch
        {
            TokenExpiryFormat.UnixSeconds when value <= DateTimeOffset.MaxValue.ToUnixTimeSeconds() => DateTimeOffset.FromUnixTimeSeconds(value),
            TokenExpiryFormat.LifetimeSeconds when value <= (long)MaxLifetime.TotalSeconds => issuedAt + TimeSpan.FromSeconds(value),
            TokenExpiryFormat.UnixMilliseconds when value <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() => DateTimeOffset.FromUnixTimeMilliseconds(value),
            _ => null,
        };
        if (expiry is { } believed && believed > issuedAt && believed - issuedAt <= MaxLifetime)
        {
            return believed;
        }
        LogOutOfRange(logger, value, format, (long)MaxLifetime.TotalDays, (long)FallbackLifetime.TotalMinutes);
        return issuedAt + FallbackLifetime;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Get Token answered expired_time {ExpiredTime}, which read as {Format} is in the past or more than {MaxDays} days away: the token is used for {FallbackMinutes} minutes instead. Check KeySecure:TokenExpiryFormat.")]
    private static partial void LogOutOfRange(ILogger logger, long expiredTime, TokenExpiryFormat format, long maxDays, long fallbackMinutes);
}
