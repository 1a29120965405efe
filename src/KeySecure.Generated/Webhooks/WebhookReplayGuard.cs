using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Remembers which verified deliveries were handled, and under which action, so a re-delivery (the platform's retry,
/// or a captured request re-posted with a new <c>id</c>) is answered as accepted without reaching the handler again,
/// and a copy relabelled with another action is refused. Keyed on <see cref="KeySecureWebhookEvent.DeliveryKey"/>,
/// which is made of signed content only.
/// </summary>
/// <remarks>
/// <para>
/// A handled record lives for twice the verifier's tolerance: a timestamp is accepted from <c>tolerance</c> before to
/// <c>tolerance</c> after it, so the record outlives every moment at which the same delivery could still verify.
/// </para>
/// <para>
/// A claim is only a lease until the handler succeeds: <see cref="WebhookDeliveryClaim.CompleteAsync"/> records the
/// delivery as handled; a claim disposed without completing (the handler threw, timed out or the process is stopping)
/// is removed, so the platform's next retry is handled. A crashed process's lease expires by itself. Completing and
/// releasing compare the claim's random token first, so a claim whose lease ran out never erases the record of the
/// claim that took over.
/// </para>
/// <para>
/// The <c>action</c> is not signed. The record remembers it: the same signed content arriving under another documented
/// action is <see cref="WebhookDeliveryState.ActionConflict"/> (one of the two was relabelled). A delivery whose action
/// the SDK does not know never claims the signed content itself: its record is keyed on the content and that action,
/// so a copy relabelled with an invented action cannot stop the genuine event from being handled.
/// </para>
/// <para>
/// Where records live: the container's <see cref="IDistributedCache"/> by default (in memory unless another is
/// registered), which is exact within one process but not atomic across processes; with several instances register
/// the Redis store (<c>services.AddRedisWebhookReplayStore(...)</c>, package <c>KeySecure.Generated.Redis</c>), whose
/// claims are atomic on the server.
/// </para>
/// </remarks>
internal sealed class WebhookReplayGuard
{
    /// <summary>How long a claim made with <see cref="ClaimAsync"/> holds a delivery before a re-delivery may take it over.</summary>
    public static readonly TimeSpan InProgressLease = TimeSpan.FromMinutes(1);

    internal const string KeyPrefix = "keysecure:webhook:";

    private readonly IWebhookReplayStore _store;

    /// <summary>Creates a guard over an <see cref="IDistributedCache"/>.</summary>
    /// <param name="cache">Where the records live.</param>
    /// <param name="tolerance">The verifier's <see cref="WebhookVerifier.Tolerance"/>; records are kept twice as long.</param>
    public WebhookReplayGuard(IDistributedCache cache, TimeSpan tolerance)
        : this(new DistributedCacheReplayStore(cache ?? throw new ArgumentNullException(nameof(cache))), tolerance)
    {
    }

    internal WebhookReplayGuard(IWebhookReplayStore store, TimeSpan tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tolerance, TimeSpan.Zero);
        _store = store;
        RecordLifetime = tolerance * 2;
    }

    /// <summary>How long a handled delivery is remembered: twice the tolerance.</summary>
    public TimeSpan RecordLifetime { get; }

    /// <summary>The store the records live in.</summary>
    internal IWebhookReplayStore Store => _store;

    /// <summary>
    /// Claims a verified delivery for handling, for at most <see cref="InProgressLease"/>. Dispose the claim; call
    /// <see cref="WebhookDeliveryClaim.CompleteAsync"/> first when the handler succeeded.
    /// </summary>
    /// <exception cref="ArgumentException">The event has no <see cref="KeySecureWebhookEvent.DeliveryKey"/> (it was not verified).</exception>
    /// <remarks>Exceptions of the store (unreachable Redis, say) pass through: the caller must not handle the delivery then.</remarks>
    public Task<WebhookDeliveryClaim> ClaimAsync(KeySecureWebhookEvent webhookEvent, CancellationToken cancellationToken = default) =>
        ClaimWithLeaseAsync(webhookEvent, InProgressLease, cancellationToken);

    /// <summary>Claims a delivery with a lease of <paramref name="lease"/>: at least as long as its handler may run.</summary>
    internal async Task<WebhookDeliveryClaim> ClaimWithLeaseAsync(KeySecureWebhookEvent webhookEvent, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (string.IsNullOrEmpty(webhookEvent.DeliveryKey))
        {
            throw new ArgumentException("Only verified events (with a DeliveryKey) can be claimed.", nameof(webhookEvent));
        }

        var action = webhookEvent.Action.Value ?? string.Empty;
        var key = RecordKey(webhookEvent.DeliveryKey, webhookEvent.IsKnown ? null : action);
        var leaseRecord = WebhookReplayRecord.NewLease(action);
        var existing = await _store.TryClaimAsync(key, leaseRecord, lease, cancellationToken).ConfigureAwait(false);
        if (existing is null) return new WebhookDeliveryClaim(this, key, leaseRecord, action);

        // A value of no known form (an older SDK's record) is treated as in progress: the platform tries again later.
        var record = WebhookReplayRecord.Parse(existing);
        if (record is not { } found) return WebhookDeliveryClaim.NotClaimed(WebhookDeliveryState.InProgress, recordedAction: null);
        if (!string.Equals(found.Action, action, StringComparison.Ordinal))
        {
            return WebhookDeliveryClaim.NotClaimed(WebhookDeliveryState.ActionConflict, found.Action);
        }
        return WebhookDeliveryClaim.NotClaimed(found.Handled ? WebhookDeliveryState.AlreadyHandled : WebhookDeliveryState.InProgress, found.Action);
    }

    internal ValueTask<bool> MarkHandledAsync(string key, string lease, string action) =>
        _store.MarkHandledAsync(key, lease, WebhookReplayRecord.HandledMark(action), RecordLifetime);

    internal ValueTask ReleaseAsync(string key, string lease) => _store.ReleaseAsync(key, lease);

    /// <summary>
    /// The record key: the signed content for a documented action; for an unknown one, the content and a hash of that
    /// (unsigned, possibly long) action, so it never holds the content's own record.
    /// </summary>
    private static string RecordKey(string deliveryKey, string? unknownAction) =>
        unknownAction is null
            ? KeyPrefix + deliveryKey
            : KeyPrefix + deliveryKey + ":action:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(unknownAction)), 0, 16).ToLowerInvariant();
}
