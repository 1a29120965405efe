using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Sandbox.Tests.Infrastructure;

/// <summary>
/// One webhook as the merchant received it, with the signature checked twice: by an HMAC written here independently
/// (<see cref="ReceivedWebhook.SignatureValid"/>) and by the SDK's <see cref="WebhookVerifier"/> (<see cref="ReceivedWebhook.SdkVerified"/>).
/// </summary>
public sealed record ReceivedWebhook(
    string Body, string? Timestamp, string? Signature, string? SignVersion, string? Timezone, bool SignatureValid, bool SdkVerified)
{
    public JsonElement Root => JsonDocument.Parse(Body).RootElement;

    public string Action => Root.GetProperty("action").GetString()!;

    public JsonElement Data => Root.GetProperty("data");
}

/// <summary>A merchant webhook endpoint on 127.0.0.1:0 that records every POST and answers <c>{"code":0}</c>
/// (or fails the first <see cref="FailNext"/> requests with HTTP 500).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly WebhookVerifier _verifier;
    private int _failNext;

    private WebhookReceiver(WebApplication app, string appId, string secret)
    {
        _app = app;
        _verifier = new WebhookVerifier(new WebhookOptions { AppId = appId, Secret = secret, RequireSignVersion = true });
        AppId = appId;
        Secret = secret;
    }

    public string AppId { get; }

    public string Secret { get; }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public int FailNext
    {
        get => Volatile.Read(ref _failNext);
        set => Volatile.Write(ref _failNext, value);
    }

    public static async Task<WebhookReceiver> StartAsync(string appId, string secret)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, appId, secret);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/webhooks/keysecure");
        return receiver;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        string? Header(string name) => http.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
        var timestamp = Header("Timestamp");
        var signature = Header("Signature");
        var valid = timestamp is not null && signature is not null && Verify(body, timestamp, signature);
        var sdk = _verifier.Verify(Encoding.UTF8.GetBytes(body), timestamp, signature, Header("Sign-Version"), Header("Timezone")).Succeeded;
        _received.Enqueue(new ReceivedWebhook(body, timestamp, signature, Header("Sign-Version"), Header("Timezone"), valid, sdk));
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            http.Response.StatusCode = 500;
            return;
        }
        Interlocked.Exchange(ref _failNext, 0);
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(valid && sdk ? "{\"code\":0,\"message\":\"\"}" : "{\"code\":1,\"message\":\"bad signature\"}");
    }

    /// <summary>The documented rule, written independently of the sandbox: sorted k=v pairs of appId, timestamp and data's top-level fields.</summary>
    public bool Verify(string body, string timestamp, string signature)
    {
        using var document = JsonDocument.Parse(body);
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["appId"] = AppId, ["timestamp"] = timestamp };
        foreach (var field in document.RootElement.GetProperty("data").EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.Null) continue;
            pairs[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
        }
        var text = string.Join("&", pairs.Select(p => $"{p.Key}={p.Value}"));
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var match = _received.FirstOrDefault(predicate);
            if (match is not null) return match;
            await Task.Delay(20);
        }
        throw new TimeoutException("No matching webhook arrived; received: " + string.Join(" | ", _received.Select(r => r.Body)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
