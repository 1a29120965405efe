namespace KeySecure.Generated.Webhooks;

/// <summary>Whether a delivery may be handled now.</summary>
internal enum WebhookDeliveryState
{
    /// <summary>Not seen before: this claim holds it; handle it, then complete the claim.</summary>
    New,

    /// <summary>Handled before under the same action, within the record's lifetime: answer accepted, do not handle again.</summary>
    AlreadyHandled,

    /// <summary>Another request holds it right now: answer not-yet-accepted so the platform tries again later.</summary>
    InProgress,

    /// <summary>
    /// The same signed content was handled, or is being handled, under another documented action. The action is not
    /// signed, so one of the two was relabelled: refuse this one and treat it as a possible forgery.
    /// </summary>
    ActionConflict,
}

/// <summary>The result of <see cref="WebhookReplayGuard.ClaimAsync"/>; dispose it.</summary>
internal sealed class WebhookDeliveryClaim : IAsyncDisposable
{
    private readonly WebhookReplayGuard? _guard;
    private readonly string? _key;
    private readonly string? _lease;
    private int _finished;

    internal WebhookDeliveryClaim(WebhookReplayGuard guard, string key, string lease, string action)
    {
        _guard = guard;
        _key = key;
        _lease = lease;
        RecordedAction = action;
        State = WebhookDeliveryState.New;
    }

    private WebhookDeliveryClaim(WebhookDeliveryState state, string? recordedAction)
    {
        State = state;
        RecordedAction = recordedAction;
        _finished = 1;
    }

    /// <summary>What to do with the delivery.</summary>
    public WebhookDeliveryState State { get; }

    /// <summary>The action the record holds (for <see cref="WebhookDeliveryState.ActionConflict"/>, the other one).</summary>
    internal string? RecordedAction { get; }

    /// <summary>
    /// Records the delivery as handled (for <see cref="WebhookReplayGuard.RecordLifetime"/>). Call after the handler
    /// succeeded. When this claim's lease ran out and another request claimed the delivery meanwhile, that request's
    /// record is left as it is.
    /// </summary>
    /// <exception cref="InvalidOperationException">The claim is not <see cref="WebhookDeliveryState.New"/>, or was already finished.</exception>
    public Task CompleteAsync() => TryCompleteAsync();

    /// <summary>As <see cref="CompleteAsync"/>; false when another request's record was found in place of this lease.</summary>
    internal async Task<bool> TryCompleteAsync()
    {
        if (State != WebhookDeliveryState.New || Interlocked.Exchange(ref _finished, 1) != 0)
        {
            throw new InvalidOperationException("Only a new, unfinished claim can be completed.");
        }
        return await _guard!.MarkHandledAsync(_key!, _lease!, RecordedAction!).ConfigureAwait(false);
    }

    /// <summary>Releases an unfinished claim, so the next delivery of the same notification is handled.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0) await _guard!.ReleaseAsync(_key!, _lease!).ConfigureAwait(false);
    }

    /// <summary>
    /// Leaves the lease in place when the claim is disposed: the handler overran its limit and may still act, so the
    /// delivery stays claimed until the lease ends by itself rather than be handed to a retry at once.
    /// </summary>
    internal void KeepUntilLeaseEnds() => Interlocked.Exchange(ref _finished, 1);

    internal static WebhookDeliveryClaim NotClaimed(WebhookDeliveryState state, string? recordedAction) => new(state, recordedAction);
}
