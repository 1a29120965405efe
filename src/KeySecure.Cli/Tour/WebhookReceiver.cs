using System.Collections.Concurrent;
using KeySecure.Cli.Hosting;
using KeySecure.Generated.AspNetCore;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Cli.Tour;

/// <summary>
/// A Kestrel endpoint on 127.0.0.1 (a free port) that receives the sandbox's webhooks through the SDK's ASP.NET Core
/// add-on (<c>MapKeySecureWebhooks</c>): every notification is signature-checked by <see cref="WebhookVerifier"/>
/// before it reaches <see cref="Inbox"/>.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, WebhookInbox inbox, Uri url)
    {
        _app = app;
        Inbox = inbox;
        Url = url;
    }

    /// <summary>Where the sandbox should POST webhooks.</summary>
    public Uri Url { get; }

    /// <summary>The verified notifications received so far.</summary>
    public WebhookInbox Inbox { get; }

    public static async Task<WebhookReceiver> StartAsync(string appId, string secret, TextWriter stderr, CancellationToken cancellationToken)
    {
        var builder = LoopbackWebhookHost.CreateBuilder<InboxHandler>(0, appId, secret, cancellationToken);
        var inbox = new WebhookInbox(stderr);
        builder.Services.AddSingleton(inbox);

        var app = builder.Build();
        app.MapKeySecureWebhooks();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new WebhookReceiver(app, inbox, LoopbackWebhookHost.EndpointUrl(app));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Hands each verified notification to the inbox.</summary>
    private sealed class InboxHandler(WebhookInbox inbox) : IKeySecureWebhookHandler
    {
        public Task HandleAuthAsync(KeySecureWebhookEvent webhookEvent, AuthWebhookData data, CancellationToken cancellationToken) =>
            inbox.Add(webhookEvent, data.ConsumeNo, data.CardNo);

        public Task HandleConsumptionAsync(KeySecureWebhookEvent webhookEvent, ConsumptionWebhookData data, CancellationToken cancellationToken) =>
            inbox.Add(webhookEvent, data.ConsumeNo, data.CardNo);

        public Task HandleCardUpdateAsync(KeySecureWebhookEvent webhookEvent, CardUpdateWebhookData data, CancellationToken cancellationToken) =>
            inbox.Add(webhookEvent, null, data.CardNo);

        public Task HandleUnknownAsync(KeySecureWebhookEvent webhookEvent, CancellationToken cancellationToken) =>
            inbox.Add(webhookEvent, null, null);
    }
}

/// <summary>A verified webhook as the tour reports it.</summary>
internal sealed record ReceivedWebhook(string? Id, string Action, string? ConsumeNo, string? CardNo, DateTimeOffset Timestamp);

/// <summary>The webhooks the receiver verified, waitable by action and key.</summary>
internal sealed class WebhookInbox(TextWriter stderr)
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<ReceivedWebhook, bool> Match, TaskCompletionSource<ReceivedWebhook> Done)> _waiters = [];

    public IReadOnlyCollection<ReceivedWebhook> Received => _received;

    public Task Add(KeySecureWebhookEvent webhookEvent, string? consumeNo, string? cardNo)
    {
        var received = new ReceivedWebhook(webhookEvent.Id, webhookEvent.Action.Value, consumeNo, cardNo, webhookEvent.Timestamp);
        stderr.WriteLine($"    <- webhook {received.Action} (id {received.Id}) received, signature verified");
        lock (_gate)
        {
            _received.Enqueue(received);
            foreach (var waiter in _waiters.Where(w => w.Match(received)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(received);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The first verified webhook matching <paramref name="match"/>, already received or still to come.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        Task<ReceivedWebhook> pending;
        lock (_gate)
        {
            var existing = _received.FirstOrDefault(match);
            if (existing is not null) return existing;
            var done = new TaskCompletionSource<ReceivedWebhook>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            pending = done.Task;
        }
        try
        {
            return await pending.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No verified {what} webhook arrived within {timeout.TotalSeconds:0} s.");
        }
    }
}
