using System.Text.Json.Nodes;
using KeySecure.Generated;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeySecure.Cli.Commands;

/// <summary>Reads Get Token's <c>expired_time</c> the way the SDK is configured to.</summary>
internal static class TokenExpiry
{
    /// <summary>Reads the expiry with the registration's <see cref="KeySecureOptions.TokenExpiryFormat"/> and clock.</summary>
    public static JsonObject Describe(long? expiredTime, IServiceProvider services) => Describe(
        expiredTime,
        services.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(Options.DefaultName).TokenExpiryFormat,
        services.GetRequiredService<TimeProvider>().GetUtcNow());

    public static JsonObject Describe(long? expiredTime, TokenExpiryFormat format, DateTimeOffset now)
    {
        var document = new JsonObject { ["expired_time"] = expiredTime, ["expiry_format"] = format.ToString() };
        if (expiredTime is not { } raw) return document;
        DateTimeOffset? expiresAt = format switch
        {
            TokenExpiryFormat.UnixMilliseconds when raw is >= 0 and <= 253402300799999 => DateTimeOffset.FromUnixTimeMilliseconds(raw),
            TokenExpiryFormat.UnixSeconds when raw is >= 0 and <= 253402300799 => DateTimeOffset.FromUnixTimeSeconds(raw),
            TokenExpiryFormat.LifetimeSeconds when raw >= 0 => now.AddSeconds(raw),
            _ => null,
        };
        if (expiresAt is { } at)
        {
            document["expires_at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            document["expires_in_seconds"] = (long)Math.Floor((at - now).TotalSeconds);
        }
        return document;
    }
}
