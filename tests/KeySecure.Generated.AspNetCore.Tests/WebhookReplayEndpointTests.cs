using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using static KeySecure.Generated.AspNetCore.Tests.WebhookEndpointTests;

namespace KeySecure.Generated.AspNetCore.Tests;

/// <summary>Re-deliveries, concurrent deliveries, strict parsing and named merchants at the endpoint.</summary>
public sealed class WebhookReplayEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (int, string) Pick((int Status, string Body, string? ContentType, TimeSpan Elapsed) reply) => (reply.Status, reply.Body);

    [Fact]
    public async Task The_identical_delivery_again_is_answered_code_0_and_not_handled_again()
    {
        await using var app = await WebhookApp.StartAsync();
        var at = DateTimeOffset.UtcNow;

        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody, at: at)));
        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody, at: at)));
        // Captured and re-posted under a new id: the signed content is the same, so it is the same delivery.
        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody.Replace("evt_cons_9", "evt_cons_new", StringComparison.Ordinal), at: at)));

        Assert.Single(app.Probe.Calls);
        Assert.Contains("already handled", app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_data_under_a_new_timestamp_is_a_new_delivery()
    {
        await using var app = await WebhookApp.StartAsync();
        var at = DateTimeOffset.UtcNow;

        await app.PostAsync(CardUpdateBody, at: at);
        await app.PostAsync(CardUpdateBody, at: at.AddSeconds(1));

        Assert.Equal(2, app.Probe.Calls.Count);
    }

    [Fact]
    public async Task A_delivery_whose_handler_failed_is_handled_on_the_retry()
    {
        await using var app = await WebhookApp.StartAsync();
        var at = DateTimeOffset.UtcNow;
        app.Probe.Throw = new InvalidOperationException("ledger unavailable");

        Assert.Equal(500, (await app.PostAsync(ConsumptionBody, at: at)).Status);
        app.Probe.Throw = null;
        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody, at: at)));
        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody, at: at)));

        Assert.Equal(2, app.Probe.Calls.Count);
    }

    [Fact]
    public async Task The_same_delivery_arriving_twice_at_once_is_handled_once()
    {
        await using var app = await WebhookApp.StartAsync();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Probe.HoldConsumption = hold.Task;
        var at = DateTimeOffset.UtcNow;

        var first = app.PostAsync(ConsumptionBody, at: at);
        await app.Probe.ConsumptionEntered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var second = await app.PostAsync(ConsumptionBody, at: at);
        hold.SetResult();

        Assert.Equal((409, """{"code":409,"message":"delivery in progress"}"""), Pick(second));
        Assert.Equal((200, Success), Pick(await first));
        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody, at: at)));
        Assert.Single(app.Probe.Calls);
    }

    [Fact]
    public async Task Two_endpoint_instances_sharing_one_cache_handle_a_delivery_once()
    {
        var cache = new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
        var probe = new HandlerProbe();
        await using var a = await WebhookApp.StartAsync<ProbeHandler>(services: s => s.AddSingleton<IDistributedCache>(cache), probe: probe);
        await using var b = await WebhookApp.StartAsync<ProbeHandler>(services: s => s.AddSingleton<IDistributedCache>(cache), probe: probe);
        var at = DateTimeOffset.UtcNow;

        // One after the other, then both at once.
        Assert.Equal((200, Success), Pick(await a.PostAsync(CardUpdateBody, at: at)));
        Assert.Equal((200, Success), Pick(await b.PostAsync(CardUpdateBody, at: at)));
        var later = at.AddSeconds(1);
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).PostAsync(AuthBody, at: later)));

        Assert.Equal(2, probe.Calls.Count);
        Assert.All(replies, reply => Assert.Contains(reply.Status, new[] { 200, 409 }));
        Assert.Equal((200, Success), Pick(await b.PostAsync(AuthBody, at: later)));
        Assert.Equal(2, probe.Calls.Count);
    }

    [Fact]
    public async Task A_repeated_property_is_401_with_its_path_and_not_handled()
    {
        await using var app = await WebhookApp.StartAsync();
        var body = CardUpdateBody.Replace("\"after_status\":\"Frozen\"", "\"after_status\":\"Frozen\",\"after_status\":\"Activated\"", StringComparison.Ordinal);

        var reply = await app.PostAsync(body);

        Assert.Equal((401, """{"code":401,"message":"DuplicateProperty: data.after_status appears more than once"}"""), Pick(reply));
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task A_Consumption_relabelled_Auth_is_401_and_not_handled()
    {
        await using var app = await WebhookApp.StartAsync();
        var body = ConsumptionBody.Replace("\"action\":\"Consumption\"", "\"action\":\"Auth\"", StringComparison.Ordinal);

        var reply = await app.PostAsync(body);

        Assert.Equal((401, """{"code":401,"message":"DataDoesNotFitAction: fee is a field of another action, not of Auth"}"""), Pick(reply));
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task Each_merchant_route_verifies_with_its_own_registration()
    {
        const string SecretB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        await using var app = await WebhookApp.StartAsync<ProbeHandler>(
            services: s => s.AddKeySecureWebhooks("merchant-b", o => { o.AppId = "AK_b"; o.Secret = SecretB; }),
            map: web => web.MapKeySecureWebhooks("/webhooks/keysecure/merchant-b", "merchant-b"));

        var onDefault = await app.PostAsync(CardUpdateBody, path: "/webhooks/keysecure/merchant-b");
        var onB = await app.PostAsync(CardUpdateBody, path: "/webhooks/keysecure/merchant-b", appId: "AK_b", secret: SecretB);

        Assert.Equal((401, """{"code":401,"message":"BadSignature"}"""), Pick(onDefault));
        Assert.Equal((200, Success), Pick(onB));
        Assert.Equal("merchant-b", Assert.Single(app.Probe.Calls).Event.RegistrationName);
    }
}
