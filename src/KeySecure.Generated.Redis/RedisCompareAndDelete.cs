namespace KeySecure.Generated.Redis;

/// <summary>
/// Deletes a key only while it still holds the caller's value: how a claim (a token refresh lock, a webhook lease) is
/// released without erasing the claim of whoever took over after it expired.
/// </summary>
internal static class RedisCompareAndDelete
{
    /// <summary>KEYS: the key. ARGV: the value the caller wrote. Returns 1 if the key was deleted, else 0.</summary>
    public const string Script = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
