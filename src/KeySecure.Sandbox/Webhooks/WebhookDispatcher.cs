using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeySecure.Sandbox.Webhooks;

/// <summary>
/// Sends webhooks one at a time, in the order the events happened, on a background task: signs each notification,
/// POSTs it to the configured URL and retries (<see cref="SandboxOptions.WebhookRetryDelays"/>) until the merchant
/// answers <c>{"code":0}</c>. Every finished notification is recorded and can be awaited.
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly SandboxOptions _options;
    private readonly Func<SandboxCredentials> _credentials;
    private readonly Channel<(string Action, JsonObject Data)> _queue = Channel.CreateUnbounded<(string, JsonObject)>(new() { SingleReader = true });
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly object _gate = new();
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly List<(Func<WebhookDelivery, bool> Predicate, TaskCompletionSource<WebhookDelivery> Waiter)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly Task _loop;
    private int _pending;

    public WebhookDispatcher(SandboxOptions options, Func<SandboxCredentials> credentials)
    {
        _options = options;
        _credentials = credentials;
        WebhookUrl = options.WebhookUrl;
        _logger = options.LoggerFactory?.CreateLogger("KeySecure.Sandbox.Webhooks") ?? NullLogger.Instance;
        _loop = Task.Run(RunAsync);
    }

    public Uri? WebhookUrl { get; set; }

    /// <summary>Sends the notifications instead of the dispatcher's own client (e.g. a WebApplicationFactory's); null: its own.</summary>
    public HttpClient? Client { get; set; }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get { lock (_gate) return [.. _deliveries]; }
    }

    /// <summary>Notifications queued or in flight.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Queues a notification; <paramref name="data"/> is the action's data object under its wire names.</summary>
    public void Enqueue(string action, JsonObject data)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite((action, data))) Interlocked.Decrement(ref _pending);
    }

    /// <summary>
    /// POSTs <paramref name="body"/> once, signed at the sandbox clock's now (two hours earlier for a stale timestamp,
    /// under another secret for a bad signature), through <paramref name="client"/> or the dispatcher's own client.
    /// </summary>
    public async Task<WebhookReply> SendOnceAsync(string body, Uri url, HttpClient? client, WebhookFlaw flaw, CancellationToken cancellationToken)
    {
        var credentials = _credentials();
        var now = _options.TimeProvider.GetUtcNow();
        var time = flaw == WebhookFlaw.StaleTimestamp ? now.AddHours(-2) : now;
        var secret = flaw == WebhookFlaw.BadSignature ? "not-the-" + credentials.ApiSecret : credentials.ApiSecret;
        WebhookMessage message;
        try
        {
            message = WebhookMessage.Sign(body, time, credentials.ApiKey, secret);
        }
        catch (JsonException e)
        {
            throw new ArgumentException("The webhook body is not JSON: " + e.Message, nameof(body), e);
        }
        using var request = message.Request(url, _options.Timezone);
        using var response = await (client ?? _http).SendAsync(request, cancellationToken).ConfigureAwait(false);
        return new WebhookReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    public Task<WebhookDelivery> WaitAsync(Func<WebhookDelivery, bool> predicate, CancellationToken cancellationToken)
    {
        TaskCompletionSource<WebhookDelivery> waiter;
        lock (_gate)
        {
            var done = _deliveries.FirstOrDefault(predicate);
            if (done is not null) return Task.FromResult(done);
            waiter = new TaskCompletionSource<WebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, waiter));
        }
        return waiter.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var (action, data) in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    Record(await DeliverAsync(action, data, _stopping.Token).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "Webhook {Action} could not be built", action);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<WebhookDelivery> DeliverAsync(string action, JsonObject data, CancellationToken cancellationToken)
    {
        var credentials = _credentials();
        var message = WebhookMessage.Sign(WebhookMessage.NewBody(action, data), _options.TimeProvider.GetUtcNow(), credentials.ApiKey, credentials.ApiSecret);
        var (id, body, timestamp, signature) = (message.Id, message.Body, message.Timestamp, message.Signature);

        var url = WebhookUrl;
        if (url is null)
        {
            return new WebhookDelivery(id, action, body, timestamp, signature, WebhookDeliveryStatus.NoUrl, 0, null, null, TimeSpan.Zero);
        }

        var attempts = 0;
        int? lastStatus = null;
        string? lastError = null;
        var elapsed = TimeSpan.Zero;
        while (true)
        {
            attempts++;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var request = message.Request(url, _options.Timezone);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(_options.WebhookTimeout);
                using var response = await (Client ?? _http).SendAsync(request, attempt.Token).ConfigureAwait(false);
                var reply = await response.Content.ReadAsStringAsync(attempt.Token).ConfigureAwait(false);
                elapsed = Stopwatch.GetElapsedTime(started);
                lastStatus = (int)response.StatusCode;
                lastError = response.IsSuccessStatusCode
                    ? (IsSuccessReply(reply) ? null : "the reply is not {\"code\":0}")
                    : $"HTTP {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                elapsed = Stopwatch.GetElapsedTime(started);
                lastStatus = null;
                lastError = $"no reply within {_options.WebhookTimeout.TotalSeconds:0.###} s";
            }
            catch (HttpRequestException e)
            {
                elapsed = Stopwatch.GetElapsedTime(started);
                lastStatus = null;
                lastError = e.Message;
            }

            if (lastError is null)
            {
                return new WebhookDelivery(id, action, body, timestamp, signature, WebhookDeliveryStatus.Delivered, attempts, lastStatus, null, elapsed);
            }
            _logger.LogWarning("Webhook {Id} ({Action}) attempt {Attempt} failed: {Error}", id, action, attempts, lastError);
            if (attempts > _options.WebhookRetryDelays.Count)
            {
                return new WebhookDelivery(id, action, body, timestamp, signature, WebhookDeliveryStatus.Failed, attempts, lastStatus, lastError, elapsed);
            }
            // Real time, not the sandbox clock: a test's manual clock must not stall deliveries.
            await Task.Delay(_options.WebhookRetryDelays[attempts - 1], cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsSuccessReply(string reply)
    {
        try
        {
            using var document = JsonDocument.Parse(reply);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code)
                && ((code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var n) && n == 0)
                    || (code.ValueKind == JsonValueKind.String && code.GetString() == "0"));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void Record(WebhookDelivery delivery)
    {
        List<TaskCompletionSource<WebhookDelivery>> release = [];
        lock (_gate)
        {
            _deliveries.Add(delivery);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Predicate(delivery))
                {
                    release.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (var waiter in release) waiter.TrySetResult(delivery);
        _logger.LogInformation("Webhook {Id} ({Action}): {Status} after {Attempts} attempt(s)", delivery.Id, delivery.Action, delivery.Status, delivery.Attempts);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _http.Dispose();
        _stopping.Dispose();
        lock (_gate)
        {
            foreach (var (_, waiter) in _waiters) waiter.TrySetCanceled();
            _waiters.Clear();
        }
    }
}
