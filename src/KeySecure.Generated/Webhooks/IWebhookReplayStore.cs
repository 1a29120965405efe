namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Where <see cref="WebhookReplayGuard"/> keeps its records: one text value per delivery key, either a lease (a claim
/// in progress, with its random claim token and action) or a handled mark (with the action it was handled under), see
/// <see cref="WebhookReplayRecord"/>. The default keeps them in the container's <c>IDistributedCache</c>; the Redis
/// package's store makes every step atomic on the server, so several instances never handle one delivery twice.
/// </summary>
/// <remarks>Failures are thrown: the caller must then not handle the delivery (the endpoint answers 503).</remarks>
internal interface IWebhookReplayStore
{
    /// <summary>
    /// Writes <paramref name="lease"/> under <paramref name="key"/>, expiring after <paramref name="leaseTime"/>, only if
    /// the key holds nothing (set-if-absent). Returns null when the lease was written, else the value already there.
    /// </summary>
    ValueTask<string?> TryClaimAsync(string key, string lease, TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set: replaces <paramref name="lease"/> (or nothing, if the lease expired and nobody claimed since) by
    /// <paramref name="handled"/> for <paramref name="lifetime"/>. False when another claim's record is there, which
    /// then stays.
    /// </summary>
    ValueTask<bool> MarkHandledAsync(string key, string lease, string handled, TimeSpan lifetime);

    /// <summary>Compare-and-delete: removes the record only while it is still <paramref name="lease"/>.</summary>
    ValueTask ReleaseAsync(string key, string lease);
}
