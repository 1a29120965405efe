using System.Collections.Concurrent;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>The default token store: one process, no sharing.</summary>
public sealed class InMemoryTokenStore : IKeySecureTokenStore
{
    private readonly ConcurrentDictionary<string, StoredAccessToken> _tokens = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<StoredAccessToken?> GetAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tokens.TryGetValue(key, out var token) ? token : null);

    /// <inheritdoc />
    public ValueTask SetAsync(string key, StoredAccessToken token, CancellationToken cancellationToken)
    {
        _tokens[key] = token;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        _tokens.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }
}
