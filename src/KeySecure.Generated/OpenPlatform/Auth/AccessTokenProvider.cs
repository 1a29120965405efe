using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Supplies the merchant's <c>Access-Token</c>: cached until shortly before it expires, refreshed by exactly one
/// Get Token request however many calls are waiting (single flight), and dropped when the provider answers 1007.
/// </summary>
internal sealed class AccessTokenProvider
{
    private readonly IKeySecureTokenStore _store;
    private readonly ServerClock _clock;
    private readonly KeySecureOptions _options;
    private readonly Func<CancellationToken, Task<MerchantToken>> _fetch;
    private readonly ILogger _logger;
    private readonly TokenStoreKey _storeKey;
    private readonly RejectedTokens _rejected = new();
    private readonly object _gate = new();
    private StoredAccessToken? _current;
    private Task<StoredAccessToken>? _refresh;

    /// <summary>Creates the provider; <paramref name="fetch"/> performs Get Token.</summary>
    public AccessTokenProvider(IKeySecureTokenStore store, ServerClock clock, KeySecureOptions options, Func<CancellationToken, Task<MerchantToken>> fetch, ILogger logger)
    {
        _logger = logger;
        _store = store;
        _clock = clock;
        _options = options;
        _fetch = fetch;
        _storeKey = new TokenStoreKey(options.BaseAddress, options.ApiKey, options.ApiSecret);
    }

    /// <summary>True when a token is cached that stays valid for at least the refresh margin.</summary>
    public bool HasFreshToken => Fresh(Volatile.Read(ref _current)) is not null;

    /// <summary>Returns a token that is valid for at least the refresh margin.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(Volatile.Read(ref _current)) is { } cached)
        {
            return cached.Token;
        }

        Task<StoredAccessToken> refresh;
        lock (_gate)
        {
            if (Fresh(_current) is { } current)
            {
                return current.Token;
            }
            // The shared refresh does not take any one caller's token: a caller that gives up must not cancel it for the rest.
            refresh = _refresh ??= RefreshAsync();
        }
        var token = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        return token.Token;
    }

    /// <summary>
    /// Forgets <paramref name="rejectedToken"/> after a 1007, unless a newer token has already replaced it, and never
    /// adopts it again from the store.
    /// </summary>
    public async ValueTask InvalidateAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        _rejected.Add(_storeKey.Fingerprint(rejectedToken));
        bool removed;
        lock (_gate)
        {
            removed = _current is not null && _current.Token == rejectedToken;
            if (removed) _current = null;
        }
        if (removed)
        {
            // Compare-and-delete: another instance may already have stored a newer token in its place.
            await _store.RemoveAsync(_storeKey, rejectedToken, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StoredAccessToken> RefreshAsync()
    {
        // Yield first so the task is published in _refresh before any of it runs, even if it completes synchronously.
        await Task.Yield();
        try
        {
            var token = await _store.GetAsync(_storeKey, CancellationToken.None).ConfigureAwait(false);
            if (token is null || !IsUsable(token))
            {
                token = await FetchCoordinatedAsync().ConfigureAwait(false);
            }
            Volatile.Write(ref _current, token);
            return token;
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }

    // Across instances: the store lets one fetch while the others wait for its token, and fences the write so a slow
    // fetch cannot replace a newer token.
    private async Task<StoredAccessToken> FetchCoordinatedAsync()
    {
        var claim = await _store.ClaimRefreshAsync(_storeKey, IsUsable, CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (claim.PeerToken is { } adopted && IsUsable(adopted)) return adopted;

            var token = await FetchAsync().ConfigureAwait(false);
            if (await _store.SetAsync(_storeKey, token, claim, CancellationToken.None).ConfigureAwait(false)) return token;
            // A later claim's token is already stored; with one live token per key, that one is the one that works.
            var newer = await _store.GetAsync(_storeKey, CancellationToken.None).ConfigureAwait(false);
            return newer is not null && IsUsable(newer) ? newer : token;
        }
        finally
        {
            await _store.ReleaseAsync(_storeKey, claim, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<StoredAccessToken> FetchAsync()
    {
        var issuedAt = _clock.Now;
        var grant = await _fetch(CancellationToken.None).ConfigureAwait(false);
        if (string.IsNullOrEmpty(grant.AccessToken))
        {
            throw Exceptions.SdkErrors.TokenWithoutValue();
        }
        return new StoredAccessToken(grant.AccessToken, TokenExpiry.Of(grant.ExpiredTime, _options.TokenExpiryFormat, issuedAt, _logger));
    }

    // The token when it stays valid for at least the refresh margin.
    private StoredAccessToken? Fresh(StoredAccessToken? token) =>
        token is not null && token.IsFreshAt(_clock.Now, _options.TokenRefreshMargin) ? token : null;

    private bool IsUsable(StoredAccessToken token) =>
        token.IsFreshAt(_clock.Now, _options.TokenRefreshMargin) && !_rejected.Contains(_storeKey.Fingerprint(token.Token));
}
