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

        Assert.Equal((401, """{"code":401,"message":"DataDoesNotFitAction: Auth status must be Pending"}"""), Pick(reply));
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task A_copy_relabelled_with_an_unknown_action_does_not_stop_the_genuine_Consumption()
    {
        await using var app = await WebhookApp.StartAsync();
        var at = DateTimeOffset.UtcNow;
        var signature = WebhookApp.Sign(ConsumptionBody, at);
        var relabelled = ConsumptionBody.Replace("\"action\":\"Consumption\"", "\"action\":\"Consumption_v2\"", StringComparison.Ordinal);

        Assert.Equal((200, Success), Pick(await app.PostAsync(relabelled, signature, at)));
        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody, signature, at)));

        Assert.Equal(
            [nameof(IKeySecureWebhookHandler.HandleUnknownAsync), nameof(IKeySecureWebhookHandler.HandleConsumptionAsync)],
            app.Probe.Calls.Select(call => call.Method));
    }

    [Fact]
    public async Task Signed_content_handled_as_Auth_and_re_posted_as_Consumption_is_401_and_logged_as_a_possible_forgery()
    {
        await using var app = await WebhookApp.StartAsync();
        var at = DateTimeOffset.UtcNow;
        var signature = WebhookApp.Sign(AuthBody, at);
        // The Auth's data has every business key of a Consumption, so the relabelled copy passes verification.
        var relabelled = AuthBody.Replace("\"action\":\"Auth\"", "\"action\":\"Consumption\"", StringComparison.Ordinal);

        Assert.Equal((200, Success), Pick(await app.PostAsync(AuthBody, signature, at)));
        var reply = await app.PostAsync(relabelled, signature, at);

        Assert.Equal((401, """{"code":401,"message":"ActionConflict: the signed content was handled under another action"}"""), Pick(reply));
        Assert.Equal(nameof(IKeySecureWebhookHandler.HandleAuthAsync), Assert.Single(app.Probe.Calls).Method);
        Assert.Contains("Consumption evt_auth_9: its signed content was already handled or is being handled as Auth; refused with 401 as a possible forgery", app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_id_reaches_the_log_only_through_the_printable_filter()
    {
        await using var app = await WebhookApp.StartAsync();
        var at = DateTimeOffset.UtcNow;
        await app.PostAsync(CardUpdateBody, at: at);
        var forgedId = CardUpdateBody.Replace("evt_card_9", "evt\\n2024 FORGED LINE\\u001b[31m\\u202e", StringComparison.Ordinal);

        await app.PostAsync(forgedId, at: at);

        var duplicate = Assert.Single(app.Logs.Entries, line => line.Contains("already handled", StringComparison.Ordinal));
        Assert.Contains("Card_update evt?2024 FORGED LINE?[31m? was already handled", duplicate, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', duplicate);
        Assert.DoesNotContain('\u001b', duplicate);
        Assert.DoesNotContain('\u202e', duplicate);
    }

    [Fact]
    public async Task A_replay_store_that_fails_is_503_with_the_reason_logged_and_the_handler_not_called()
    {
        await using var app = await WebhookApp.StartAsync<ProbeHandler>(services: s => s.AddSingleton<IDistributedCache>(new UnreachableCache()));

        var reply = await app.PostAsync(ConsumptionBody);

        Assert.Equal((503, """{"code":503,"message":"replay record unavailable"}"""), Pick(reply));
        Assert.Empty(app.Probe.Calls);
        Assert.Contains("the replay record could not be read or written (System.IO.IOException: cache host unreachable); a delivery that cannot be claimed is answered 503", app.Logs.AllText, StringComparison.Ordinal);
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

    /// <summary>A shared cache that cannot be reached (a Redis that is down).</summary>
    private sealed class UnreachableCache : IDistributedCache
    {
        public byte[]? Get(string key) => throw Unreachable();

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => throw Unreachable();

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw Unreachable();

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => throw Unreachable();

        public void Refresh(string key) => throw Unreachable();

        public Task RefreshAsync(string key, CancellationToken token = default) => throw Unreachable();

        public void Remove(string key) => throw Unreachable();

        public Task RemoveAsync(string key, CancellationToken token = default) => throw Unreachable();

        private static IOException Unreachable() => new("cache host unreachable");
    }
}
