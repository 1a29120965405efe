using KeySecure.Generated.Webhooks;
using StackExchange.Redis;

namespace KeySecure.Generated.Redis;

/// <summary>
/// Webhook replay records in Redis (or Garnet, Valkey): every instance receiving a merchant's webhooks sees the same
/// records, and each step is one atomic script, so one delivery is handled once across the fleet. A claim is
/// <c>SET NX PX</c> of a lease carrying a random claim token; completing and releasing compare that lease first, so an
/// instance whose lease ran out never erases the record of the instance that took over.
/// </summary>
/// <remarks>
/// Commands fail fast while the server is unreachable; the replay guard's caller then refuses to handle the delivery
/// (the endpoint answers 503 and logs why), and the platform delivers it again later.
/// </remarks>
internal sealed class RedisWebhookReplayStore : IWebhookReplayStore, IAsyncDisposable, IDisposable
{
    private readonly RedisConnection _connection;

    /// <summary>Creates a store that connects on first use.</summary>
    public RedisWebhookReplayStore(ConfigurationOptions configuration) => _connection = new RedisConnection(configuration);

    /// <summary>Creates a store over a connection the caller keeps owning.</summary>
    public RedisWebhookReplayStore(IConnectionMultiplexer connection) => _connection = new RedisConnection(connection);

    public async ValueTask<string?> TryClaimAsync(string key, string lease, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisWebhookScripts.Claim, [key], [lease, Milliseconds(leaseTime)]).ConfigureAwait(false))!;
        return (long)result[0] == 1 ? null : (string?)result[1] ?? string.Empty;
    }

    public async ValueTask<bool> MarkHandledAsync(string key, string lease, string handled, TimeSpan lifetime)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        return (long)await database.ScriptEvaluateAsync(RedisWebhookScripts.MarkHandled, [key], [lease, handled, Milliseconds(lifetime)]).ConfigureAwait(false) == 1;
    }

    public async ValueTask ReleaseAsync(string key, string lease)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisWebhookScripts.Release, [key], [lease]).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    public void Dispose() => _connection.Dispose();

    // PX takes whole milliseconds, at least 1.
    private static long Milliseconds(TimeSpan time) => Math.Max(1, (long)Math.Ceiling(time.TotalMilliseconds));
}
