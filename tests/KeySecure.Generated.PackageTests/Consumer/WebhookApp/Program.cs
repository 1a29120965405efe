using System.Collections.Concurrent;
using KeySecure.Generated;
using KeySecure.Generated.AspNetCore;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Webhooks;

// The merchant's production registration, bound to configuration; the tests point it at the sandbox.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddKeySecure(builder.Configuration.GetSection("KeySecure"));
builder.Services.AddKeySecureWebhooks(o => o.FromKeySecureOptions());
builder.Services.AddSingleton<HandledConsumptions>();
builder.Services.AddKeySecureWebhookHandler<ConsumptionHandler>();
var app = builder.Build();
app.MapKeySecureWebhooks("/webhooks/keysecure");
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the test project.</summary>
public partial class Program;

/// <summary>
/// What the handler did: every call (a redelivery is signed anew, so it reaches the handler again) and what it applied,
/// once per signed business key (consume_no, type, status), as the SDK's README asks of a handler.
/// </summary>
public sealed class HandledConsumptions
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentDictionary<string, bool> Applied { get; } = new();
}

public sealed class ConsumptionHandler(HandledConsumptions handled) : IKeySecureWebhookHandler
{
    public Task HandleConsumptionAsync(KeySecureWebhookEvent webhookEvent, ConsumptionWebhookData data, CancellationToken cancellationToken)
    {
        handled.Calls.Enqueue(data.ConsumeNo ?? "");
        handled.Applied.TryAdd($"{data.ConsumeNo}|{data.Type}|{data.Status}", true);
        return Task.CompletedTask;
    }
}
