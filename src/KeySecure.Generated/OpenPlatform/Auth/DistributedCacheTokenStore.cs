using Microsoft.Extensions.Caching.Distributed;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Keeps tokens in an <see cref="IDistributedCache"/> (Redis, SQL Server, ...) so every instance of a merchant's
/// service uses the same token instead of each fetching its own.
/// </summary>
/// <remarks>
/// Entries expire with the token and are sealed by <see cref="TokenStoreKey.Protect"/> (AES-GCM under a key derived
/// from the ApiSecret), which needs no serializer and so stays trim- and AOT-safe. An <see cref="IDistributedCache"/>
/// has no atomic compare-and-delete nor locks: after a 1007 the entry is read, compared and then removed, which leaves
/// a window of one round trip in which a newer token could be removed, and instances do not wait for each other's
/// fetch. The Redis store (package <c>KeySecure.Generated.Redis</c>) closes both.
/// </remarks>
internal sealed class DistributedCacheTokenStore : IKeySecureTokenStore
{
    private readonly IDistributedCache _cache;

    /// <summary>Creates the store over a cache.</summary>
    public DistributedCacheTokenStore(IDistributedCache cache) => _cache = cache;

    /// <inheritdoc />
    public async ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken)
    {
        var bytes = await _cache.GetAsync(key.Name, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : key.Unprotect(bytes);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken)
    {
        await _cache.SetAsync(key.Name, key.Protect(token), new DistributedCacheEntryOptions { AbsoluteExpiration = token.ExpiresAt }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken)
    {
        var current = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.Token == rejectedToken)
        {
            await _cache.RemoveAsync(key.Name, cancellationToken).ConfigureAwait(false);
        }
    }
}
