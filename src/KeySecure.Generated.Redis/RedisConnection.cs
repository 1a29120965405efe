using StackExchange.Redis;

namespace KeySecure.Generated.Redis;

/// <summary>
/// A store's connection: opened on first use from settings (and then owned and disposed here), or one the application
/// already has (and keeps owning).
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly bool _owned;

    /// <summary>Connects on first use with <paramref name="configuration"/> (copied, not modified).</summary>
    public RedisConnection(ConfigurationOptions configuration)
    {
        var settings = configuration.Clone();
        // The stores are optional: start without the server, reconnect in the background, and fail commands at once while
        // it is away, so each store's caller decides at once what an outage means (per-process tokens; a 503 for a
        // webhook) instead of queueing behind a dead connection.
        settings.AbortOnConnectFail = false;
        settings.BacklogPolicy = BacklogPolicy.FailFast;
        _connection = new Lazy<Task<IConnectionMultiplexer>>(async () => await ConnectionMultiplexer.ConnectAsync(settings).ConfigureAwait(false));
        _owned = true;
    }

    /// <summary>Uses <paramref name="connection"/>, which the caller keeps owning.</summary>
    public RedisConnection(IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = new Lazy<Task<IConnectionMultiplexer>>(Task.FromResult(connection));
    }

    public async Task<IDatabase> DatabaseAsync() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();

    public async ValueTask DisposeAsync()
    {
        if (_owned && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_owned && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            _connection.Value.Result.Dispose();
        }
    }
}
