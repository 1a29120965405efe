using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.AspNetCore;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.AspNetCore.Tests;

/// <summary>What the test handler saw, and how it behaves.</summary>
public sealed class HandlerProbe
{
    public ConcurrentQueue<(string Method, KeySecureWebhookEvent Event, object? Data)> Calls { get; } = new();

    public TimeSpan AuthDelay { get; set; }

    public bool IgnoreCancellation { get; set; }

    /// <summary>Completes when the Auth handler has been entered.</summary>
    public TaskCompletionSource AuthStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Throw { get; set; }

    public TaskCompletionSource<bool> AuthCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the Consumption handler waits for it after signalling <see cref="ConsumptionEntered"/>.</summary>
    public Task? HoldConsumption { get; set; }

    public TaskCompletionSource ConsumptionEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class ProbeHandler(HandlerProbe probe) : IKeySecureWebhookHandler
{
    public async Task HandleAuthAsync(KeySecureWebhookEvent webhookEvent, AuthWebhookData data, CancellationToken cancellationToken)
    {
        probe.Calls.Enqueue((nameof(HandleAuthAsync), webhookEvent, data));
        probe.AuthStarted.TrySetResult();
        if (probe.AuthDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(probe.AuthDelay, probe.IgnoreCancellation ? CancellationToken.None : cancellationToken);
            }
            catch (OperationCanceledException)
            {
                probe.AuthCancelled.TrySetResult(true);
                throw;
            }
        }
        if (probe.Throw is { } exception) throw exception;
    }

    public async Task HandleConsumptionAsync(KeySecureWebhookEvent webhookEvent, ConsumptionWebhookData data, CancellationToken cancellationToken)
    {
        probe.Calls.Enqueue((nameof(HandleConsumptionAsync), webhookEvent, data));
        probe.ConsumptionEntered.TrySetResult();
        if (probe.HoldConsumption is { } hold) await (probe.IgnoreCancellation ? hold : hold.WaitAsync(cancellationToken));
        if (probe.Throw is { } exception) throw exception;
    }

    public Task HandleCardUpdateAsync(KeySecureWebhookEvent webhookEvent, CardUpdateWebhookData data, CancellationToken cancellationToken)
    {
        probe.Calls.Enqueue((nameof(HandleCardUpdateAsync), webhookEvent, data));
        return Task.CompletedTask;
    }

    public Task HandleUnknownAsync(KeySecureWebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        probe.Calls.Enqueue((nameof(HandleUnknownAsync), webhookEvent, null));
        return Task.CompletedTask;
    }
}

/// <summary>A handler that overrides nothing: the interface's defaults accept every event.</summary>
public sealed class DefaultsOnlyHandler : IKeySecureWebhookHandler
{
}

/// <summary>A real Kestrel app on 127.0.0.1 with a random port, hosting the webhook endpoint.</summary>
public sealed class WebhookApp : IAsyncDisposable
{
    public const string AppId = "AK_aspnet_merchant";
    public const string Secret = "fedcba9876543210fedcba9876543210";
    public const string Path = "/webhooks/keysecure";

    private readonly WebApplication _app;

    private WebhookApp(WebApplication app, HttpClient client, HandlerProbe probe, CapturingLoggerProvider logs)
    {
        _app = app;
        Client = client;
        Probe = probe;
        Logs = logs;
    }

    public HttpClient Client { get; }

    public HandlerProbe Probe { get; }

    public CapturingLoggerProvider Logs { get; }

    public static Task<WebhookApp> StartAsync(Action<KeySecureWebhookEndpointOptions>? configure = null, TimeProvider? time = null) =>
        StartAsync<ProbeHandler>(configure, time: time);

    /// <summary>Starts an app; <paramref name="services"/> adds registrations (a shared cache, named merchants), <paramref name="map"/> extra routes.</summary>
    /// <param name="time">The endpoint's clock (a FakeTimeProvider drives the Auth budget); the system clock when null.</param>
    /// <param name="environment">The host's environment name; the default (Production unless the machine sets one) when null.</param>
    public static async Task<WebhookApp> StartAsync<THandler>(
        Action<KeySecureWebhookEndpointOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? map = null,
        HandlerProbe? probe = null,
        TimeProvider? time = null,
        string? environment = null)
        where THandler : class, IKeySecureWebhookHandler
    {
        probe ??= new HandlerProbe();
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(probe);
        if (time is not null) builder.Services.AddSingleton(time);
        builder.Services.AddKeySecureWebhooks(o =>
        {
            o.AppId = AppId;
            o.Secret = Secret;
        });
        builder.Services.AddKeySecureWebhookHandler<THandler>(configure);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapKeySecureWebhooks(Path);
        map?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new WebhookApp(app, client, probe, logs);
    }

    /// <summary>Posts a body signed as the platform would (or with the given signature).</summary>
    public async Task<(int Status, string Body, string? ContentType, TimeSpan Elapsed)> PostAsync(
        string body,
        string? signature = null,
        DateTimeOffset? at = null,
        string path = Path,
        string appId = AppId,
        string secret = Secret)
    {
        var moment = at ?? DateTimeOffset.UtcNow;
        var timestamp = Timestamp(moment);
        signature ??= Sign(body, moment, appId, secret);

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("Timestamp", timestamp);
        request.Headers.Add("Signature", signature);
        request.Headers.Add("Sign-Version", "V1");
        request.Headers.Add("Timezone", "UTC+8");

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        stopwatch.Stop();
        return ((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, stopwatch.Elapsed);
    }

    /// <summary>The signature the platform would send for <paramref name="body"/>'s data at <paramref name="at"/>.</summary>
    public static string Sign(string body, DateTimeOffset at, string appId = AppId, string secret = Secret)
    {
        using var document = JsonDocument.Parse(body);
        return WebhookSignature.ComputeHex(appId, Timestamp(at), document.RootElement.GetProperty("data"), secret);
    }

    private static string Timestamp(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
