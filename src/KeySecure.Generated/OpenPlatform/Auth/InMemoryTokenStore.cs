using System.Collections.Concurrent;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>The default token store: one process, no sharing.</summary>
internal sealed class InMemoryTokenStore : IKeySecureTokenStore
{
    private readonly ConcurrentDictionary<string, StoredAccessToken> _tokens = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tokens.TryGetValue(key.Name, out var token) ? token : null);

    /// <inheritdoc />
    public ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken)
    {
        _tokens[key.Name] = token;
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken)
    {
        // Removes the entry only if it is still the rejected token (the pair form compares the value atomically).
        if (_tokens.TryGetValue(key.Name, out var current) && current.Token == rejectedToken)
        {
            _tokens.TryRemove(KeyValuePair.Create(key.Name, current));
        }
        return ValueTask.CompletedTask;
    }
}
