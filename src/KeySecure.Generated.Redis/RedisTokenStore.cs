using System.Globalization;
using KeySecure.Generated.OpenPlatform.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KeySecure.Generated.Redis;

/// <summary>
/// Shares one access token between all instances of a merchant's service through Redis (or a Redis-compatible server
/// such as Garnet or Valkey), and shares the work of fetching it: one instance takes the refresh lock and fetches,
/// the others wait for its token and adopt it.
/// </summary>
/// <remarks>
/// The lock has an expiry (a holder that dies stalls nobody for longer) and a fencing value: a token is stored only
/// if no token of a later claim is there, so a slow holder cannot overwrite a newer token. After a 1007 only the
/// rejected token is removed (compare-and-delete by a keyed fingerprint). Values are sealed with AES-GCM under a key
/// derived from the merchant's ApiSecret (see <see cref="TokenStoreKey"/>). Commands fail fast while the server is
/// unreachable, and the SDK then carries on per process with a warning.
/// </remarks>
public sealed partial class RedisTokenStore : IKeySecureTokenStore, IAsyncDisposable, IDisposable
{
    private static readonly RedisValue DataField = "data";

    private readonly RedisTokenStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly bool _ownsConnection;

    /// <summary>Creates a store that connects on first use with <paramref name="options"/>.</summary>
    public RedisTokenStore(IOptions<RedisTokenStoreOptions> options, TimeProvider time, ILogger<RedisTokenStore>? logger = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _ownsConnection = true;
        _connection = new Lazy<Task<IConnectionMultiplexer>>(ConnectAsync);
    }

    /// <summary>Creates a store over a connection the application already has (and keeps owning).</summary>
    public RedisTokenStore(IConnectionMultiplexer connection, RedisTokenStoreOptions options, TimeProvider time, ILogger<RedisTokenStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = options;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _connection = new Lazy<Task<IConnectionMultiplexer>>(Task.FromResult(connection));
    }

    /// <inheritdoc />
    public async ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var data = await database.HashGetAsync(EntryKey(key), DataField).ConfigureAwait(false);
        // A foreign or altered value fails authentication and counts as no token.
        return data.IsNull ? null : key.Unprotect((byte[])data!);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var written = await database.ScriptEvaluateAsync(
            RedisTokenScripts.Store,
            [EntryKey(key)],
            [claim.Fence, key.Fingerprint(token.Token), key.Protect(token), token.ExpiresAt.ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        return (long)written == 1;
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisTokenScripts.Reject, [EntryKey(key)], [key.Fingerprint(rejectedToken)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<TokenRefreshClaim> ClaimRefreshAsync(TokenStoreKey key, Func<StoredAccessToken, bool> isUsable, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var started = _time.GetTimestamp();
        while (true)
        {
            var (fence, holdsLock) = await TryLockAsync(database, key).ConfigureAwait(false);
            if (holdsLock)
            {
                // A peer may have stored its token and released the lock since the caller last looked.
                if (await UsableTokenAsync(key, isUsable, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    await ReleaseAsync(key, TokenRefreshClaim.Fetch(fence, holdsLock: true), cancellationToken).ConfigureAwait(false);
                    return TokenRefreshClaim.Adopt(stored);
                }
                return TokenRefreshClaim.Fetch(fence, holdsLock: true);
            }
            if (_time.GetElapsedTime(started) >= _options.PeerWaitTimeout)
            {
                // The fence still orders this fetch against the holder's: whichever claimed later is kept.
                LogPeerWaitExpired(_logger, _options.PeerWaitTimeout.TotalMilliseconds);
                return TokenRefreshClaim.Fetch(fence, holdsLock: false);
            }
            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            if (await UsableTokenAsync(key, isUsable, cancellationToken).ConfigureAwait(false) is { } adopted)
            {
                return TokenRefreshClaim.Adopt(adopted);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(TokenStoreKey key, TokenRefreshClaim claim, CancellationToken cancellationToken)
    {
        if (!claim.HoldsLock) return;
        var database = await DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisTokenScripts.Release, [LockKey(key)], [claim.Fence.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            _connection.Value.Result.Dispose();
        }
    }

    private async Task<StoredAccessToken?> UsableTokenAsync(TokenStoreKey key, Func<StoredAccessToken, bool> isUsable, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return stored is not null && isUsable(stored) ? stored : null;
    }

    private async Task<(long Fence, bool HoldsLock)> TryLockAsync(IDatabase database, TokenStoreKey key)
    {
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(
            RedisTokenScripts.Claim,
            [LockKey(key), FenceKey(key)],
            [(long)_options.LockExpiry.TotalMilliseconds]).ConfigureAwait(false))!;
        return ((long)result[0], (long)result[1] == 1);
    }

    private async Task<IDatabase> DatabaseAsync() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var configuration = _options.ConfigurationOptions?.Clone() ?? ConfigurationOptions.Parse(_options.Configuration!);
        // The store is optional: start without the server, reconnect in the background, and fail commands at once
        // while it is away so the SDK degrades to per-process tokens instead of queueing behind a dead connection.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }

    // One hash slot per merchant and host ({...}), so the scripts' keys also live together on a cluster.
    private static RedisKey EntryKey(TokenStoreKey key) => "{" + key.Name + "}:token";

    private static RedisKey LockKey(TokenStoreKey key) => "{" + key.Name + "}:lock";

    private static RedisKey FenceKey(TokenStoreKey key) => "{" + key.Name + "}:fence";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Another instance's token fetch did not finish within {WaitMs} ms; fetching a token here.")]
    private static partial void LogPeerWaitExpired(ILogger logger, double waitMs);
}
