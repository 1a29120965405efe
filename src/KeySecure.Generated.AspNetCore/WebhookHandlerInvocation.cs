using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Webhooks;

namespace KeySecure.Generated.AspNetCore;

/// <summary>How a handler call ended.</summary>
internal enum HandlerOutcome
{
    /// <summary>It returned normally: the delivery was handled.</summary>
    Completed,

    /// <summary>It threw.</summary>
    Failed,

    /// <summary>Its time limit ran out first; its token was cancelled.</summary>
    TimedOut,

    /// <summary>The platform hung up: nobody to answer.</summary>
    Aborted,
}

/// <summary>
/// Calls the merchant's handler method for an event's action within a time limit (the Auth reply budget, or
/// <see cref="KeySecureWebhookEndpointOptions.HandlerTimeout"/>), without waiting past the limit even when the handler
/// ignores its token.
/// </summary>
internal sealed class WebhookHandlerInvocation
{
    private Task? _task;

    private WebhookHandlerInvocation()
    {
    }

    public HandlerOutcome Outcome { get; private set; }

    /// <summary>The handler's exception when <see cref="Outcome"/> is <see cref="HandlerOutcome.Failed"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>True when the handler had not finished when the limit ran out: it may still be acting.</summary>
    public bool StillRunning => _task is { IsCompleted: false };

    public static async Task<WebhookHandlerInvocation> RunAsync(
        IKeySecureWebhookHandler handler,
        KeySecureWebhookEvent webhookEvent,
        TimeSpan limit,
        TimeProvider time,
        CancellationToken aborted)
    {
        var invocation = new WebhookHandlerInvocation();
        using var budget = new CancellationTokenSource(limit > TimeSpan.Zero ? limit : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, aborted);
        try
        {
            invocation._task = Dispatch(handler, webhookEvent, linked.Token);
            await invocation._task.WaitAsync(budget.Token).ConfigureAwait(false);
            invocation.Outcome = HandlerOutcome.Completed;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            invocation.Outcome = HandlerOutcome.Aborted;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            // This continuation may run inline inside the budget's cancellation, before the linked source heard of it;
            // cancel the handler's token explicitly before the sources are disposed.
            linked.Cancel();
            if (invocation.StillRunning) Observe(invocation._task!);
            invocation.Outcome = HandlerOutcome.TimedOut;
        }
        catch (Exception exception)
        {
            invocation.Outcome = HandlerOutcome.Failed;
            invocation.Failure = exception;
        }
        return invocation;
    }

    private static Task Dispatch(IKeySecureWebhookHandler handler, KeySecureWebhookEvent webhookEvent, CancellationToken cancellationToken) =>
        webhookEvent.Action == WebhookAction.Auth ? handler.HandleAuthAsync(webhookEvent, webhookEvent.AsAuth(), cancellationToken)
        : webhookEvent.Action == WebhookAction.Consumption ? handler.HandleConsumptionAsync(webhookEvent, webhookEvent.AsConsumption(), cancellationToken)
        : webhookEvent.Action == WebhookAction.CardUpdate ? handler.HandleCardUpdateAsync(webhookEvent, webhookEvent.AsCardUpdate(), cancellationToken)
        : handler.HandleUnknownAsync(webhookEvent, cancellationToken);

    /// <summary>Keeps a handler that overran its limit from raising an unobserved task exception.</summary>
    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
