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
/// The lock lives at least as long as a Get Token may take (validated at start-up), so a live holder never loses it
/// mid-fetch, and expires (a holder that dies stalls the others for one lock lifetime). Waiting instances poll, with
/// jitter, for the holder's token and try to take the lock at every poll; they wait longer than the lock lives, and a
/// lock that changes hands starts a new wait for its new holder, so a waiter fetches only once it holds the lock itself
/// (or if one holder kept it past a whole wait, which a working server does not allow). When two fetches race anyway,
/// the token that expires later is kept (compare-and-set in Lua). After a 1007 only the rejected token is removed
/// (compare-and-delete by a keyed fingerprint). Values are sealed with AES-GCM under a key derived from the merchant's
/// ApiSecret (see <see cref="TokenStoreKey"/>). Commands fail fast while the server is unreachable, and the SDK then
/// carries on per process with a warning.
/// </remarks>
internal sealed partial class RedisTokenStore : IKeySecureTokenStore, IAsyncDisposable, IDisposable
{
    private static readonly RedisValue DataField = "data";

    private readonly RedisTokenStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisConnection _connection;

    /// <summary>Creates a store that connects on first use with <paramref name="options"/>.</summary>
    public RedisTokenStore(IOptions<RedisTokenStoreOptions> options, TimeProvider time, ILogger<RedisTokenStore>? logger = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _connection = new RedisConnection(_options.ConfigurationOptions ?? ConfigurationOptions.Parse(_options.Configuration!));
    }

    /// <summary>Creates a store over a connection the application already has (and keeps owning).</summary>
    public RedisTokenStore(IConnectionMultiplexer connection, RedisTokenStoreOptions options, TimeProvider time, ILogger<RedisTokenStore>? logger = null)
    {
        _options = options;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _connection = new RedisConnection(connection);
    }

    /// <inheritdoc />
    public async ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var data = await database.HashGetAsync(EntryKey(key), DataField).ConfigureAwait(false);
        // A foreign or altered value fails authentication and counts as no token.
        return data.IsNull ? null : key.Unprotect((byte[])data!);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        var written = await database.ScriptEvaluateAsync(
            RedisTokenScripts.Store,
            [EntryKey(key)],
            [claim.Fence, key.Fingerprint(token.Token), key.Protect(token), token.ExpiresAt.ToUnixTimeMilliseconds(), KeepUntil(token).ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        return (long)written == 1;
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisTokenScripts.Reject, [EntryKey(key)], [key.Fingerprint(rejectedToken)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<TokenRefreshClaim> ClaimRefreshAsync(TokenStoreKey key, Func<StoredAccessToken, bool> isUsable, CancellationToken cancellationToken)
    {
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        string? waitingFor = null;
        var waitStarted = _time.GetTimestamp();
        while (true)
        {
            var attempt = await TryLockAsync(database, key).ConfigureAwait(false);
            if (attempt.HoldsLock)
            {
                // A peer may have stored its token and released the lock since the caller last looked.
                if (await UsableTokenAsync(key, isUsable, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    await ReleaseAsync(key, TokenRefreshClaim.Fetch(attempt.Fence, holdsLock: true), cancellationToken).ConfigureAwait(false);
                    return TokenRefreshClaim.Adopt(stored);
                }
                return TokenRefreshClaim.Fetch(attempt.Fence, holdsLock: true);
            }
            if (attempt.Holder != waitingFor)
            {
                // The lock changed hands (its holder failed, or its lock expired and a peer took it): that holder has just
                // started, so it gets a whole wait of its own rather than a second Get Token from here.
                waitingFor = attempt.Holder;
                waitStarted = _time.GetTimestamp();
            }
            else if (_time.GetElapsedTime(waitStarted) >= _options.PeerWaitTimeout)
            {
                // One holder kept the lock for longer than it can live: the server is not expiring it. Fetch here; the
                // store still keeps whichever token expires later.
                LogPeerWaitExpired(_logger, _options.PeerWaitTimeout.TotalMilliseconds);
                return TokenRefreshClaim.Fetch(attempt.Fence, holdsLock: false);
            }
            await Task.Delay(JitteredPollInterval(), _time, cancellationToken).ConfigureAwait(false);
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
        var database = await _connection.DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisTokenScripts.Release, [LockKey(key)], [claim.Fence.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private async Task<StoredAccessToken?> UsableTokenAsync(TokenStoreKey key, Func<StoredAccessToken, bool> isUsable, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return stored is not null && isUsable(stored) ? stored : null;
    }

    private async Task<(long Fence, bool HoldsLock, string? Holder)> TryLockAsync(IDatabase database, TokenStoreKey key)
    {
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(
            RedisTokenScripts.Claim,
            [LockKey(key), FenceKey(key)],
            [(long)_options.LockExpiry.TotalMilliseconds]).ConfigureAwait(false))!;
        return ((long)result[0], (long)result[1] == 1, result.Length > 2 ? (string?)result[2] : null);
    }

    // Between half and one and a half poll intervals, so instances that started waiting together do not poll in step.
    private TimeSpan JitteredPollInterval() => _options.PollInterval * (0.5 + Random.Shared.NextDouble());

    // The entry (with its fence and expiry) outlives every fetch still in flight, even when the token's expiry is past.
    private DateTimeOffset KeepUntil(StoredAccessToken token)
    {
        var floor = _time.GetUtcNow() + _options.LockExpiry;
        return token.ExpiresAt > floor ? token.ExpiresAt : floor;
    }

    // One hash slot per merchant and host ({...}), so the scripts' keys also live together on a cluster.
    private static RedisKey EntryKey(TokenStoreKey key) => "{" + key.Name + "}:token";

    private static RedisKey LockKey(TokenStoreKey key) => "{" + key.Name + "}:lock";

    private static RedisKey FenceKey(TokenStoreKey key) => "{" + key.Name + "}:fence";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Another instance held the token refresh lock for more than {WaitMs} ms, longer than a lock may live; fetching a token here.")]
    private static partial void LogPeerWaitExpired(ILogger logger, double waitMs);
}
