using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KeySecure.Generated.Redis;

/// <summary>Settings of the Redis token store.</summary>
public sealed class RedisTokenStoreOptions
{
    /// <summary>A StackExchange.Redis connection string, e.g. <c>localhost:6379</c> or <c>cache.example:6380,ssl=true,password=...</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Full connection settings; used instead of <see cref="Configuration"/> when set.</summary>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// How long the refresh lock lives if its holder never releases it (it crashed, or lost the connection). Another
    /// instance takes over after this; a slow holder's late token is then refused by its fencing value.
    /// </summary>
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an instance waits for a peer's fetch before it fetches a token itself. Shorter than the SDK's
    /// per-attempt timeout (10 s by default), so a call waiting for a peer still has time to fetch on its own.
    /// </summary>
    public TimeSpan PeerWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a waiting instance looks for the peer's token.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc />
    public override string ToString() => $"RedisTokenStoreOptions {{ LockExpiry = {LockExpiry}, PeerWaitTimeout = {PeerWaitTimeout} }}";
}

/// <summary>Checks the settings at start-up, naming the one that is wrong.</summary>
internal sealed class RedisTokenStoreOptionsValidator : IValidateOptions<RedisTokenStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisTokenStoreOptions options)
    {
        var failures = new List<string>();
        if (options.ConfigurationOptions is null && string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add($"{nameof(RedisTokenStoreOptions)}.{nameof(RedisTokenStoreOptions.Configuration)} is required: a Redis connection string such as 'localhost:6379'.");
        }
        if (options.LockExpiry <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(RedisTokenStoreOptions)}.{nameof(RedisTokenStoreOptions.LockExpiry)} must be positive: a lock without expiry would stall every instance if its holder died.");
        }
        if (options.PeerWaitTimeout < TimeSpan.Zero)
        {
            failures.Add($"{nameof(RedisTokenStoreOptions)}.{nameof(RedisTokenStoreOptions.PeerWaitTimeout)} must not be negative.");
        }
        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(RedisTokenStoreOptions)}.{nameof(RedisTokenStoreOptions.PollInterval)} must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
