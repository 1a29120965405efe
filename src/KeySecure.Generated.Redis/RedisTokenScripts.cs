namespace KeySecure.Generated.Redis;

/// <summary>
/// The Lua scripts that make each step atomic on the server. Per merchant and host there are three keys in one hash
/// slot (so they work on a cluster too): the token entry (a hash: fence, fp, data), the refresh lock, and the fence
/// counter.
/// </summary>
internal static class RedisTokenScripts
{
    /// <summary>
    /// KEYS: lock, fence counter. ARGV: lock expiry in ms. Takes the next fencing value, then the lock if nobody holds
    /// it (SET NX PX). Returns { fence, 1 if the lock was taken else 0 }.
    /// </summary>
    public const string Claim = """
        local fence = redis.call('INCR', KEYS[2])
        if redis.call('SET', KEYS[1], tostring(fence), 'NX', 'PX', ARGV[1]) then
          return { fence, 1 }
        end
        return { fence, 0 }
        """;

    /// <summary>
    /// KEYS: entry. ARGV: fence, fingerprint, sealed token, expiry (Unix ms). Compare-and-set: writes only if the
    /// stored entry does not carry a higher fence, so a slow instance cannot overwrite a newer token. Returns 1 if written.
    /// </summary>
    public const string Store = """
        local current = redis.call('HGET', KEYS[1], 'fence')
        if current and tonumber(current) > tonumber(ARGV[1]) then
          return 0
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'fence', ARGV[1], 'fp', ARGV[2], 'data', ARGV[3])
        redis.call('PEXPIREAT', KEYS[1], ARGV[4])
        return 1
        """;

    /// <summary>
    /// KEYS: entry. ARGV: fingerprint of the rejected token. Compare-and-delete: drops the token only if it is the
    /// rejected one; the fence stays until the entry expires, so an older fetch still cannot write over it.
    /// Returns 1 if the token was dropped.
    /// </summary>
    public const string Reject = """
        if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] then
          redis.call('HDEL', KEYS[1], 'data')
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: lock. ARGV: fence. Compare-and-delete: releases the lock only while it is still this claim's.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
