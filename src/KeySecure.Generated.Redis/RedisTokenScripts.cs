namespace KeySecure.Generated.Redis;

/// <summary>
/// The Lua scripts that make each step atomic on the server. Per merchant and host there are three keys in one hash
/// slot (so they work on a cluster too): the token entry (a hash: fence, exp, fp, data), the refresh lock, and the
/// fence counter.
/// </summary>
internal static class RedisTokenScripts
{
    /// <summary>
    /// KEYS: lock, fence counter. ARGV: lock expiry in ms. Takes the next fencing value, then the lock if nobody holds
    /// it (SET NX PX). Returns { fence, 1 } if the lock was taken, else { fence, 0, the holder's fence }.
    /// </summary>
    public const string Claim = """
        local fence = redis.call('INCR', KEYS[2])
        if redis.call('SET', KEYS[1], tostring(fence), 'NX', 'PX', ARGV[1]) then
          return { fence, 1 }
        end
        return { fence, 0, redis.call('GET', KEYS[1]) }
        """;

    /// <summary>
    /// KEYS: entry. ARGV: fence, fingerprint, sealed token, expiry (Unix ms), keep-until (Unix ms). Compare-and-set:
    /// writes only if the stored token does not expire later (on a tie, the later claim's fence wins). The provider keeps
    /// one live token per merchant, the last one issued, whose expiry is the latest: so when two fetches race, the token
    /// kept is the one that works, whichever claim came first. After a 1007 removed the token, its fence still stops
    /// older claims. The entry lives until keep-until, which the caller sets no earlier than the lock's lifetime from now,
    /// so an expiry already past cannot delete the fence and expiry that stop older writes. Returns 1 if written.
    /// </summary>
    public const string Store = """
        local stored = redis.call('HMGET', KEYS[1], 'exp', 'fence')
        local fence = tonumber(ARGV[1])
        if stored[1] then
          local storedExpiry, expiry = tonumber(stored[1]), tonumber(ARGV[4])
          if storedExpiry > expiry or (storedExpiry == expiry and tonumber(stored[2]) > fence) then
            return 0
          end
        elseif stored[2] and tonumber(stored[2]) > fence then
          return 0
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'fence', ARGV[1], 'exp', ARGV[4], 'fp', ARGV[2], 'data', ARGV[3])
        redis.call('PEXPIREAT', KEYS[1], ARGV[5])
        return 1
        """;

    /// <summary>
    /// KEYS: entry. ARGV: fingerprint of the rejected token. Compare-and-delete: drops the token and its expiry only if
    /// it is the rejected one (a dead token's expiry must not hold back its replacement); the fence stays until the
    /// entry expires, so an older fetch still cannot write over it. Returns 1 if the token was dropped.
    /// </summary>
    public const string Reject = """
        if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] then
          redis.call('HDEL', KEYS[1], 'data', 'exp')
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: lock. ARGV: fence. Releases the lock only while it is still this claim's.</summary>
    public const string Release = RedisCompareAndDelete.Script;
}
