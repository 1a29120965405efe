namespace KeySecure.Generated.Redis;

/// <summary>
/// The Lua scripts that make each step of a webhook replay record atomic on the server. One key per delivery; its value
/// is a lease (with a random claim token) or a handled mark, as written by the replay guard, compared whole.
/// </summary>
internal static class RedisWebhookScripts
{
    /// <summary>
    /// KEYS: record. ARGV: lease, lease time in ms. Set-if-absent with an expiry (SET NX PX). Returns { 1 } when the
    /// lease was written, else { 0, the value already there }.
    /// </summary>
    public const string Claim = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return { 1 }
        end
        return { 0, redis.call('GET', KEYS[1]) }
        """;

    /// <summary>
    /// KEYS: record. ARGV: lease, handled mark, lifetime in ms. Compare-and-set: writes the handled mark only over this
    /// claim's own lease, or over nothing when the lease expired and nobody claimed since. Returns 1 if written.
    /// </summary>
    public const string MarkHandled = """
        local current = redis.call('GET', KEYS[1])
        if current == ARGV[1] or not current then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: record. ARGV: lease. Removes the record only while it is this claim's lease.</summary>
    public const string Release = RedisCompareAndDelete.Script;
}
