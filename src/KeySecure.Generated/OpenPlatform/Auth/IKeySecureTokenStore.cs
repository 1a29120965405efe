namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Where access tokens are kept between calls. The default keeps them in memory; the
/// <see cref="DistributedCacheTokenStore"/> shares one token between several instances of a merchant's service.
/// </summary>
public interface IKeySecureTokenStore
{
    /// <summary>Returns the stored token for <paramref name="key"/>, if any.</summary>
    ValueTask<StoredAccessToken?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a token until it expires.</summary>
    ValueTask SetAsync(string key, StoredAccessToken token, CancellationToken cancellationToken);

    /// <summary>Forgets the token for <paramref name="key"/>.</summary>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);
}

/// <summary>An access token and the moment it stops being valid.</summary>
/// <param name="Token">The token (a secret: never logged or printed).</param>
/// <param name="ExpiresAt">When the provider stops accepting it.</param>
public sealed record StoredAccessToken(string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>True while the token is usable for at least <paramref name="margin"/> more.</summary>
    public bool IsFreshAt(DateTimeOffset now, TimeSpan margin) => ExpiresAt - margin > now;

    /// <inheritdoc />
    public override string ToString() => $"StoredAccessToken {{ Token = {Redaction.Mask}, ExpiresAt = {ExpiresAt:O} }}";
}
