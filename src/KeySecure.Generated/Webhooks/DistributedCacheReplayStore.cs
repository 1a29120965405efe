using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// The default replay store, over the container's <see cref="IDistributedCache"/> (in memory unless the application
/// registers another). Exact within one process, not atomic across processes.
/// </summary>
/// <remarks>
/// <see cref="IDistributedCache"/> has no set-if-absent nor compare-and-set, so each step is built in two layers. In one
/// process, every store over the same cache object shares one in-memory gate (an atomic add per key, holding the lease):
/// two identical deliveries that arrive at once are claimed once, however many endpoints share the cache. Across
/// processes a claim is read, written and read back, and completing or releasing reads before it writes; a rival
/// process acting between those steps is not seen. Several instances need an atomic store (the Redis package's).
/// </remarks>
internal sealed class DistributedCacheReplayStore : IWebhookReplayStore
{
    // One in-process gate per cache object, shared by every store (and so every guard and endpoint) that uses it.
    private static readonly ConditionalWeakTable<IDistributedCache, ConcurrentDictionary<string, string>> Gates = new();

    private readonly IDistributedCache _cache;
    private readonly ConcurrentDictionary<string, string> _gate;

    public DistributedCacheReplayStore(IDistributedCache cache)
    {
        _cache = cache;
        _gate = Gates.GetValue(cache, static _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>The cache the records live in.</summary>
    public IDistributedCache Cache => _cache;

    public async ValueTask<string?> TryClaimAsync(string key, string lease, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        if (!_gate.TryAdd(key, lease)) return _gate.TryGetValue(key, out var holder) ? holder : string.Empty;

        var claimed = false;
        try
        {
            if (await ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } existing) return existing;

            await _cache.SetAsync(key, Encoding.UTF8.GetBytes(lease), Expiring(leaseTime), cancellationToken).ConfigureAwait(false);
            // Another process may have written its own lease between our read and our write: the last writer wins.
            var readBack = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (readBack != lease) return readBack ?? string.Empty;

            claimed = true;
            return null;
        }
        finally
        {
            if (!claimed) _gate.TryRemove(KeyValuePair.Create(key, lease));
        }
    }

    public async ValueTask<bool> MarkHandledAsync(string key, string lease, string handled, TimeSpan lifetime)
    {
        try
        {
            // Not the request's token: the handler already acted, so the record must be written even if the caller hung up.
            var current = await ReadAsync(key, CancellationToken.None).ConfigureAwait(false);
            if (current is not null && current != lease) return false;
            await _cache.SetAsync(key, Encoding.UTF8.GetBytes(handled), Expiring(lifetime), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.TryRemove(KeyValuePair.Create(key, lease));
        }
    }

    public async ValueTask ReleaseAsync(string key, string lease)
    {
        try
        {
            if (await ReadAsync(key, CancellationToken.None).ConfigureAwait(false) == lease)
            {
                await _cache.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.TryRemove(KeyValuePair.Create(key, lease));
        }
    }

    private async Task<string?> ReadAsync(string key, CancellationToken cancellationToken) =>
        await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    private static DistributedCacheEntryOptions Expiring(TimeSpan lifetime) => new() { AbsoluteExpirationRelativeToNow = lifetime };
}
