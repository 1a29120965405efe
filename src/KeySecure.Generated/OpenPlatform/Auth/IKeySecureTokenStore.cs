namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Where access tokens are kept between calls. The default keeps them in memory; the
/// <see cref="DistributedCacheTokenStore"/> shares one token between several instances of a merchant's service, and
/// the Redis store (package <c>KeySecure.Generated.Redis</c>) also shares the work: one instance fetches, the others
/// wait for its token.
/// </summary>
/// <remarks>
/// The SDK treats every store as optional: when a method throws, it logs a warning and carries on with the token it
/// holds in memory or fetches one itself. A store's failure never fails a call.
/// </remarks>
internal interface IKeySecureTokenStore
{
    /// <summary>Returns the stored token for <paramref name="key"/>, if any (never one that was rejected).</summary>
    ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a token fetched under <paramref name="claim"/> until it expires. Returns false when the store already
    /// holds a newer token (a later claim's), which then wins.
    /// </summary>
    ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets <paramref name="rejectedToken"/> after the provider answered 1007: compare-and-delete, so a newer token
    /// another instance stored meanwhile stays.
    /// </summary>
    ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken);

    /// <summary>
    /// Called before fetching a token. A store shared by several processes either lets this one fetch (holding a lock
    /// with an expiry), or waits a bounded time for a peer's fetch and hands back the token that peer stored for which
    /// <paramref name="isUsable"/> holds. The default, for stores inside one process, lets the caller fetch at once.
    /// </summary>
    ValueTask<TokenRefreshClaim> ClaimRefreshAsync(TokenStoreKey key, Func<StoredAccessToken, bool> isUsable, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TokenRefreshClaim.Uncoordinated);

    /// <summary>Ends a claim (releases its lock, if it holds one that is still its own).</summary>
    ValueTask ReleaseAsync(TokenStoreKey key, TokenRefreshClaim claim, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>The outcome of <see cref="IKeySecureTokenStore.ClaimRefreshAsync"/>.</summary>
internal sealed class TokenRefreshClaim
{
    private TokenRefreshClaim(StoredAccessToken? peerToken, long fence, bool holdsLock)
    {
        PeerToken = peerToken;
        Fence = fence;
        HoldsLock = holdsLock;
    }

    /// <summary>Fetch without coordination (stores inside one process, or a store that failed).</summary>
    public static TokenRefreshClaim Uncoordinated { get; } = new(null, 0, false);

    /// <summary>A peer stored a usable token while this instance waited: use it, fetch nothing.</summary>
    public static TokenRefreshClaim Adopt(StoredAccessToken peerToken) => new(peerToken ?? throw new ArgumentNullException(nameof(peerToken)), 0, false);

    /// <summary>
    /// Fetch, and store the result with <paramref name="fence"/>: a store keeps the token of the highest fence, so a slow
    /// instance cannot overwrite a newer token. <paramref name="holdsLock"/> is false when the wait for a peer ran out.
    /// </summary>
    public static TokenRefreshClaim Fetch(long fence, bool holdsLock) => new(null, fence, holdsLock);

    /// <summary>The token a peer fetched, when there is nothing to fetch.</summary>
    public StoredAccessToken? PeerToken { get; }

    /// <summary>The fencing value: increases with every claim on one key.</summary>
    public long Fence { get; }

    /// <summary>True when this instance holds the store's refresh lock.</summary>
    public bool HoldsLock { get; }

    /// <inheritdoc />
    public override string ToString() => PeerToken is not null ? "TokenRefreshClaim { Adopt }" : $"TokenRefreshClaim {{ Fence = {Fence}, HoldsLock = {HoldsLock} }}";
}

/// <summary>An access token and the moment it stops being valid.</summary>
/// <param name="Token">The token (a secret: never logged or printed).</param>
/// <param name="ExpiresAt">When the provider stops accepting it.</param>
internal sealed record StoredAccessToken(string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>True while the token is usable for at least <paramref name="margin"/> more.</summary>
    public bool IsFreshAt(DateTimeOffset now, TimeSpan margin) => ExpiresAt - margin > now;

    /// <inheritdoc />
    public override string ToString() => $"StoredAccessToken {{ Token = {Redaction.Mask}, ExpiresAt = {ExpiresAt:O} }}";
}
