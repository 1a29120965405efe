using System.Globalization;
using System.Security.Cryptography;
using KeySecure.Sandbox.KeySecure;
using KeySecure.Sandbox.Rules;
using KeySecure.Sandbox.Specs;
using KeySecure.Sandbox.Webhooks;

namespace KeySecure.Sandbox;

/// <summary>State, lock, clock and helpers shared by the KeySecure and WorldFirst emulations.</summary>
internal sealed class SandboxCore : IDisposable
{
    private readonly object _gate = new();

    public SandboxCore(SandboxOptions options, SandboxState state, SandboxCredentials credentials, WebhookDispatcher webhooks, SandboxSpecs specs)
    {
        Options = options;
        Specs = specs;
        State = state;
        Credentials = credentials;
        Webhooks = webhooks;
        Cipher = new SandboxAesEcb(credentials.ApiSecret);
        WorldFirstKey = RSA.Create();
        WorldFirstKey.ImportFromPem(credentials.WorldFirstPrivateKeyPem);
        MerchantKey = RSA.Create();
        MerchantKey.ImportFromPem(credentials.MerchantPublicKeyPem);
        DefaultZone = TimeZones.Parse(options.Timezone)
            ?? throw new ArgumentException($"SandboxOptions.Timezone '{options.Timezone}' is not a time zone (use e.g. UTC+8 or Asia/Shanghai).", nameof(options));
    }

    public SandboxOptions Options { get; }

    public SandboxState State { get; }

    /// <summary>The specs requests are checked against and unemulated operations answered from.</summary>
    public SandboxSpecs Specs { get; }

    public SandboxCredentials Credentials { get; }

    public WebhookDispatcher Webhooks { get; }

    public SandboxAesEcb Cipher { get; }

    /// <summary>Signs WorldFirst responses.</summary>
    public RSA WorldFirstKey { get; }

    /// <summary>Verifies WorldFirst requests.</summary>
    public RSA MerchantKey { get; }

    public TimeZoneInfo DefaultZone { get; }

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    /// <summary>Runs <paramref name="action"/> under the state lock, then saves the state file if it changed anything.</summary>
    public T Locked<T>(Func<T> action, Func<bool> changed)
    {
        lock (_gate)
        {
            var result = action();
            if (changed() && Options.StateFile is { } file) SandboxStateFile.Save(file, State);
            return result;
        }
    }

    /// <summary>Writes the state file (if one is set) under the state lock: the last save when the server stops.</summary>
    public void SaveState()
    {
        lock (_gate)
        {
            if (Options.StateFile is { } file) SandboxStateFile.Save(file, State);
        }
    }

    /// <summary>A new platform-side number: prefix, date, sequence (e.g. <c>C20260522000001</c>).</summary>
    public string NextNo(string prefix)
    {
        var seq = ++State.Sequence;
        return prefix + Now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("D6", CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Cipher.Dispose();
        WorldFirstKey.Dispose();
        MerchantKey.Dispose();
    }
}

/// <summary>Time zone names as the <c>Timezone</c> header carries them.</summary>
internal static class TimeZones
{
    /// <summary>Parses <c>UTC+8</c>, <c>GMT-05:30</c>, <c>+08:00</c>, <c>UTC</c> or a system id (<c>Asia/Shanghai</c>); null if none.</summary>
    public static TimeZoneInfo? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim();
        var rest = value;
        foreach (var prefix in new[] { "UTC", "GMT" })
        {
            if (rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) rest = rest[prefix.Length..];
        }
        if (rest.Length == 0) return TimeZoneInfo.Utc;
        if (rest[0] is '+' or '-')
        {
            var sign = rest[0] == '-' ? -1 : 1;
            var parts = rest[1..].Split(':');
            if (parts.Length is 1 or 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours <= 14
                && (parts.Length == 1 || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60)))
            {
                var minutes = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
                var offset = sign * new TimeSpan(hours, minutes, 0);
                return TimeZoneInfo.CreateCustomTimeZone(value, offset, value, value);
            }
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(value);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The provider's time format, <c>yyyy-MM-dd HH:mm:ss</c>, in <paramref name="zone"/>.</summary>
    public static string Format(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
