using System.Security.Cryptography;
using System.Text;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Supplies the merchant's <c>Access-Token</c>: cached until shortly before it expires, refreshed by exactly one
/// Get Token request however many calls are waiting (single flight), and dropped when the provider answers 1007.
/// </summary>
internal sealed class AccessTokenProvider
{
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromMinutes(10);

    private readonly IKeySecureTokenStore _store;
    private readonly ServerClock _clock;
    private readonly KeySecureOptions _options;
    private readonly Func<CancellationToken, Task<MerchantToken>> _fetch;
    private readonly string _storeKey;
    private readonly object _gate = new();
    private StoredAccessToken? _current;
    private Task<StoredAccessToken>? _refresh;
    private long _fetchCount;

    /// <summary>Creates the provider; <paramref name="fetch"/> performs Get Token.</summary>
    public AccessTokenProvider(IKeySecureTokenStore store, ServerClock clock, KeySecureOptions options, Func<CancellationToken, Task<MerchantToken>> fetch)
    {
        _store = store;
        _clock = clock;
        _options = options;
        _fetch = fetch;
        _storeKey = StoreKeyFor(options.ApiKey);
    }

    /// <summary>How many Get Token requests this provider has sent.</summary>
    public long FetchCount => Interlocked.Read(ref _fetchCount);

    /// <summary>Returns a token that is valid for at least the refresh margin.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.IsFreshAt(_clock.Now, _options.TokenRefreshMargin))
        {
            return current.Token;
        }

        Task<StoredAccessToken> refresh;
        lock (_gate)
        {
            current = _current;
            if (current is not null && current.IsFreshAt(_clock.Now, _options.TokenRefreshMargin))
            {
                return current.Token;
            }
            // The shared refresh does not take any one caller's token: a caller that gives up must not cancel it for the rest.
            refresh = _refresh ??= RefreshAsync();
        }
        var token = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        return token.Token;
    }

    /// <summary>Forgets <paramref name="rejectedToken"/> after a 1007, unless a newer token has already replaced it.</summary>
    public async ValueTask InvalidateAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        bool removed;
        lock (_gate)
        {
            removed = _current is not null && _current.Token == rejectedToken;
            if (removed) _current = null;
        }
        if (removed)
        {
            await _store.RemoveAsync(_storeKey, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StoredAccessToken> RefreshAsync()
    {
        // Yield first so the task is published in _refresh before any of it runs, even if it completes synchronously.
        await Task.Yield();
        try
        {
            var shared = await _store.GetAsync(_storeKey, CancellationToken.None).ConfigureAwait(false);
            if (shared is not null && shared.IsFreshAt(_clock.Now, _options.TokenRefreshMargin) && shared.Token != _current?.Token)
            {
                Volatile.Write(ref _current, shared);
                return shared;
            }

            Interlocked.Increment(ref _fetchCount);
            var issuedAt = _clock.Now;
            var grant = await _fetch(CancellationToken.None).ConfigureAwait(false);
            if (string.IsNullOrEmpty(grant.AccessToken))
            {
                throw new Exceptions.ProviderResponseException("Get Token succeeded but returned no access_token", 200, null, "GetToken", null, null);
            }
            var token = new StoredAccessToken(grant.AccessToken, ExpiryOf(grant.ExpiredTime, issuedAt));
            await _store.SetAsync(_storeKey, token, CancellationToken.None).ConfigureAwait(false);
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

    private DateTimeOffset ExpiryOf(long? expiredTime, DateTimeOffset issuedAt)
    {
        if (expiredTime is not { } value || value <= 0)
        {
            return issuedAt + FallbackLifetime;
        }
        var expiry = _options.TokenExpiryFormat switch
        {
            TokenExpiryFormat.UnixSeconds => DateTimeOffset.FromUnixTimeSeconds(value),
            TokenExpiryFormat.LifetimeSeconds => issuedAt + TimeSpan.FromSeconds(value),
            _ => DateTimeOffset.FromUnixTimeMilliseconds(value),
        };
        // An expiry already in the past means the format assumption is wrong for this merchant: use the token
        // briefly rather than refetch on every call; a 1007 will still trigger a refresh.
        return expiry > issuedAt ? expiry : issuedAt + FallbackLifetime;
    }

    // The Api-Key is a credential: the shared cache key carries a hash of it, not the key itself.
    private static string StoreKeyFor(string apiKey) =>
        "keysecure:access-token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)), 0, 16).ToLowerInvariant();
}
