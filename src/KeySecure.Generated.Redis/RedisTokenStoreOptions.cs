using System.Globalization;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KeySecure.Generated.Redis;

/// <summary>Settings of the Redis token store.</summary>
/// <remarks>
/// The three durations are ordered, and checked at start-up: <see cref="PeerWaitTimeout"/> &gt; <see cref="LockExpiry"/>
/// &gt;= the Get Token total timeout (<c>KeySecure:Resilience:TotalRequestTimeout:Timeout</c>, 30 s by default) of every merchant. A
/// holder then keeps the lock for as long as its Get Token may take, and a waiter outwaits the lock of a holder that died.
/// </remarks>
public sealed class RedisTokenStoreOptions
{
    /// <summary>A StackExchange.Redis connection string, e.g. <c>localhost:6379</c> or <c>cache.example:6380,ssl=true,password=...</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Full connection settings; used instead of <see cref="Configuration"/> when set.</summary>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// How long the refresh lock lives if its holder never releases it (it crashed, or lost the connection): another
    /// instance takes over after this. At least the Get Token total timeout (<c>KeySecure:Resilience:TotalRequestTimeout:Timeout</c>),
    /// so a holder whose Get Token is slow but alive never loses the lock to a second fetch. Default 40 s.
    /// </summary>
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// How long an instance waits for one lock holder's token, trying to take the lock at every poll. Longer than
    /// <see cref="LockExpiry"/>, so a holder that died loses its lock to a waiter before any waiter gives up; when the lock
    /// changes hands the wait starts again for the new holder. Only a holder that keeps the lock past this (which a
    /// server expiring its keys does not allow) makes a waiter fetch without the lock. Default 45 s.
    /// </summary>
    public TimeSpan PeerWaitTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often a waiting instance looks for the peer's token and tries the lock (each wait jittered by ±50%).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc />
    public override string ToString() => $"RedisTokenStoreOptions {{ LockExpiry = {LockExpiry}, PeerWaitTimeout = {PeerWaitTimeout} }}";
}

/// <summary>Checks the settings at start-up, naming the one that is wrong.</summary>
internal sealed class RedisTokenStoreOptionsValidator(IOptions<KeySecureRegistrations> registrations, IOptionsMonitor<KeySecureOptions> merchants)
    : IValidateOptions<RedisTokenStoreOptions>
{
    private const string Prefix = nameof(RedisTokenStoreOptions);

    public ValidateOptionsResult Validate(string? name, RedisTokenStoreOptions options)
    {
        var failures = new List<string>();
        if (options.ConfigurationOptions is null && string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add($"{Prefix}.{nameof(RedisTokenStoreOptions.Configuration)} is required: a Redis connection string such as 'localhost:6379'.");
        }
        if (options.LockExpiry <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}.{nameof(RedisTokenStoreOptions.LockExpiry)} must be positive: a lock without expiry would stall every instance if its holder died.");
        }
        if (options.PeerWaitTimeout <= options.LockExpiry)
        {
            failures.Add($"{Prefix}.{nameof(RedisTokenStoreOptions.PeerWaitTimeout)} ({Seconds(options.PeerWaitTimeout)}) must be longer than " +
                $"{nameof(RedisTokenStoreOptions.LockExpiry)} ({Seconds(options.LockExpiry)}): a waiting instance must outwait the lock of a holder that died, not fetch a second token beside it.");
        }
        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}.{nameof(RedisTokenStoreOptions.PollInterval)} must be positive.");
        }
        if (LongestTokenTimeout() is ({ } merchant, var total) && options.LockExpiry < total)
        {
            var setting = merchant.Length == 0 ? "KeySecure:Resilience:TotalRequestTimeout:Timeout" : $"KeySecure:Resilience:TotalRequestTimeout:Timeout of merchant '{merchant}'";
            failures.Add($"{Prefix}.{nameof(RedisTokenStoreOptions.LockExpiry)} ({Seconds(options.LockExpiry)}) must be at least {setting} ({Seconds(total)}): " +
                "a Get Token may take that long, and a lock that expires first lets another instance fetch a second token, which retires the first.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The merchant whose Get Token may take longest, and that time; null when no merchant is registered.</summary>
    private (string Merchant, TimeSpan Total)? LongestTokenTimeout()
    {
        (string, TimeSpan)? longest = null;
        foreach (var merchant in registrations.Value.Names)
        {
            TimeSpan total;
            try
            {
                total = merchants.Get(merchant).Resilience.TotalRequestTimeout.Timeout;
            }
            catch (OptionsValidationException)
            {
                continue; // that merchant's own validation names its problem
            }
            if (longest is not { } current || total > current.Item2) longest = (merchant, total);
        }
        return longest;
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
