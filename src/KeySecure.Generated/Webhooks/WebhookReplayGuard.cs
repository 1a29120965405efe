using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Distributed;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Remembers which verified deliveries were handled, so a re-delivery (the platform's retry, or a captured request
/// re-posted with a new <c>id</c> or <c>action</c>) is answered as accepted without reaching the handler again.
/// Keyed on <see cref="KeySecureWebhookEvent.DeliveryKey"/>, which is made of signed content only.
/// </summary>
/// <remarks>
/// <para>
/// The record lives in an <see cref="IDistributedCache"/> for twice the verifier's tolerance: a timestamp is accepted
/// from <c>tolerance</c> before to <c>tolerance</c> after it, so the record outlives every moment at which the same
/// delivery could still verify. Register a shared cache (Redis, SQL Server) to share the record across instances.
/// </para>
/// <para>
/// A claim is only a lease until the handler succeeds: <see cref="WebhookDeliveryClaim.CompleteAsync"/> records the
/// delivery as handled; a claim disposed without completing (the handler threw, timed out or the process is stopping)
/// is removed, so the platform's next retry is handled. A crashed process's lease expires after
/// <see cref="InProgressLease"/>.
/// </para>
/// <para>
/// <see cref="IDistributedCache"/> has no set-if-absent, so the claim is built in two layers. In one process, every
/// guard over the same cache object shares one in-memory gate (an atomic add per key): two identical deliveries that
/// arrive at once are handled once, however many endpoints share the cache. Across processes the claim is read,
/// written with a random token and read back; a rival that wrote in between loses. That narrows the race to the
/// moment between two processes' first reads but cannot close it: with several instances behind a load balancer, the
/// same delivery reaching two of them within that moment can be handled twice. Handlers therefore stay idempotent on
/// signed business keys.
/// </para>
/// </remarks>
public sealed class WebhookReplayGuard
{
    /// <summary>How long an unfinished claim holds a delivery before a re-delivery may take it over.</summary>
    public static readonly TimeSpan InProgressLease = TimeSpan.FromMinutes(1);

    internal const string KeyPrefix = "keysecure:webhook:";

    private const byte InProgressMark = 1;
    private const byte HandledMark = 2;

    // One in-process gate per cache object, shared by every guard (and so every endpoint) that uses it.
    private static readonly ConditionalWeakTable<IDistributedCache, ConcurrentDictionary<string, byte>> Gates = new();

    private readonly IDistributedCache _cache;
    private readonly ConcurrentDictionary<string, byte> _gate;
    private readonly DistributedCacheEntryOptions _handled;
    private readonly DistributedCacheEntryOptions _lease;

    /// <summary>Creates a guard.</summary>
    /// <param name="cache">Where the records live.</param>
    /// <param name="tolerance">The verifier's <see cref="WebhookVerifier.Tolerance"/>; records are kept twice as long.</param>
    public WebhookReplayGuard(IDistributedCache cache, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tolerance, TimeSpan.Zero);

        _cache = cache;
        _gate = Gates.GetValue(cache, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        RecordLifetime = tolerance * 2;
        _handled = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = RecordLifetime };
        _lease = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = InProgressLease < RecordLifetime ? InProgressLease : RecordLifetime };
    }

    /// <summary>How long a handled delivery is remembered: twice the tolerance.</summary>
    public TimeSpan RecordLifetime { get; }

    /// <summary>
    /// Claims a verified delivery for handling. Dispose the claim; call <see cref="WebhookDeliveryClaim.CompleteAsync"/>
    /// first when the handler succeeded.
    /// </summary>
    /// <exception cref="ArgumentException">The event has no <see cref="KeySecureWebhookEvent.DeliveryKey"/> (it was not verified).</exception>
    /// <remarks>Exceptions of the cache (unreachable Redis, say) pass through: the caller must not handle the delivery then.</remarks>
    public async Task<WebhookDeliveryClaim> ClaimAsync(KeySecureWebhookEvent webhookEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (string.IsNullOrEmpty(webhookEvent.DeliveryKey))
        {
            throw new ArgumentException("Only verified events (with a DeliveryKey) can be claimed.", nameof(webhookEvent));
        }

        var key = KeyPrefix + webhookEvent.DeliveryKey;
        if (!_gate.TryAdd(key, 0)) return WebhookDeliveryClaim.NotClaimed(WebhookDeliveryState.InProgress);

        var claimed = false;
        try
        {
            var existing = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing is { Length: > 0 })
            {
                return WebhookDeliveryClaim.NotClaimed(existing[0] == HandledMark ? WebhookDeliveryState.AlreadyHandled : WebhookDeliveryState.InProgress);
            }

            var lease = new byte[17];
            lease[0] = InProgressMark;
            Guid.NewGuid().TryWriteBytes(lease.AsSpan(1));
            await _cache.SetAsync(key, lease, _lease, cancellationToken).ConfigureAwait(false);

            // Another process may have written its own lease between our read and our write: the last writer wins.
            var readBack = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (readBack is null || !readBack.AsSpan().SequenceEqual(lease))
            {
                return WebhookDeliveryClaim.NotClaimed(readBack is { Length: > 0 } && readBack[0] == HandledMark
                    ? WebhookDeliveryState.AlreadyHandled
                    : WebhookDeliveryState.InProgress);
            }

            claimed = true;
            return new WebhookDeliveryClaim(this, key);
        }
        finally
        {
            if (!claimed) _gate.TryRemove(key, out _);
        }
    }

    internal async Task MarkHandledAsync(string key)
    {
        try
        {
            // Not the request's token: the handler already acted, so the record must be written even if the caller hung up.
            await _cache.SetAsync(key, [HandledMark], _handled, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.TryRemove(key, out _);
        }
    }

    internal async Task ReleaseAsync(string key)
    {
        try
        {
            await _cache.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.TryRemove(key, out _);
        }
    }
}

/// <summary>Whether a delivery may be handled now.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Not seen before: this claim holds it; handle it, then complete the claim.</summary>
    New,

    /// <summary>Handled before, within the record's lifetime: answer accepted, do not handle again.</summary>
    AlreadyHandled,

    /// <summary>Another request holds it right now: answer not-yet-accepted so the platform tries again later.</summary>
    InProgress,
}

/// <summary>The result of <see cref="WebhookReplayGuard.ClaimAsync"/>; dispose it.</summary>
public sealed class WebhookDeliveryClaim : IAsyncDisposable
{
    private readonly WebhookReplayGuard? _guard;
    private readonly string? _key;
    private int _finished;

    internal WebhookDeliveryClaim(WebhookReplayGuard guard, string key)
    {
        _guard = guard;
        _key = key;
        State = WebhookDeliveryState.New;
    }

    private WebhookDeliveryClaim(WebhookDeliveryState state)
    {
        State = state;
        _finished = 1;
    }

    /// <summary>What to do with the delivery.</summary>
    public WebhookDeliveryState State { get; }

    /// <summary>Records the delivery as handled (for <see cref="WebhookReplayGuard.RecordLifetime"/>). Call after the handler succeeded.</summary>
    /// <exception cref="InvalidOperationException">The claim is not <see cref="WebhookDeliveryState.New"/>, or was already finished.</exception>
    public Task CompleteAsync()
    {
        if (State != WebhookDeliveryState.New || Interlocked.Exchange(ref _finished, 1) != 0)
        {
            throw new InvalidOperationException("Only a new, unfinished claim can be completed.");
        }
        return _guard!.MarkHandledAsync(_key!);
    }

    /// <summary>Releases an unfinished claim, so the next delivery of the same notification is handled.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0) await _guard!.ReleaseAsync(_key!).ConfigureAwait(false);
    }

    internal static WebhookDeliveryClaim NotClaimed(WebhookDeliveryState state) => new(state);
}
