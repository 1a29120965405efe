using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Keeps tokens in an <see cref="IDistributedCache"/> (Redis, SQL Server, ...) so every instance of a merchant's
/// service uses the same token instead of each fetching its own.
/// </summary>
/// <remarks>
/// Entries expire with the token. The format is 8 bytes of expiry (Unix ms, big-endian) followed by the UTF-8 token,
/// which needs no serializer and so stays trim- and AOT-safe.
/// </remarks>
public sealed class DistributedCacheTokenStore : IKeySecureTokenStore
{
    private readonly IDistributedCache _cache;

    /// <summary>Creates the store over a cache.</summary>
    public DistributedCacheTokenStore(IDistributedCache cache) => _cache = cache;

    /// <inheritdoc />
    public async ValueTask<StoredAccessToken?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null || bytes.Length <= sizeof(long)) return null;
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes));
        return new StoredAccessToken(Encoding.UTF8.GetString(bytes, sizeof(long), bytes.Length - sizeof(long)), expiresAt);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, StoredAccessToken token, CancellationToken cancellationToken)
    {
        var tokenBytes = Encoding.UTF8.GetBytes(token.Token);
        var bytes = new byte[sizeof(long) + tokenBytes.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, token.ExpiresAt.ToUnixTimeMilliseconds());
        tokenBytes.CopyTo(bytes, sizeof(long));
        await _cache.SetAsync(key, bytes, new DistributedCacheEntryOptions { AbsoluteExpiration = token.ExpiresAt }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken) =>
        await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
}
