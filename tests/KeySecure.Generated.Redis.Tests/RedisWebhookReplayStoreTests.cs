using System.Globalization;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.Redis.Tests.Infrastructure;
using KeySecure.Generated.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace KeySecure.Generated.Redis.Tests;

/// <summary>
/// Webhook replay records shared through a real Garnet server: each guard has its own store and connection, as the
/// instances of a merchant's service behind one webhook URL would.
/// </summary>
public sealed class RedisWebhookReplayStoreTests : IAsyncLifetime
{
    private const string AppId = "AK_fleet_merchant";
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private const string Data = """{"consume_no":"CN-FLEET-1","card_no":"CARD-F1","type":"Consumption","amount":12.50,"status":"Success"}""";

    private readonly GarnetInstance _redis = new();
    private readonly List<RedisWebhookReplayStore> _stores = [];
    private ConnectionMultiplexer _raw = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _raw = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);

    [Fact]
    public async Task Two_instances_sharing_one_server_hand_one_delivery_to_exactly_one_claim_under_concurrency()
    {
        WebhookReplayGuard[] guards = [Guard(), Guard()];
        var delivery = Delivery("Consumption");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pending = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await guards[i % 2].ClaimAsync(delivery, Ct);
        })).ToList();
        start.SetResult();
        var claims = await Task.WhenAll(pending);

        var winner = Assert.Single(claims, c => c.State == WebhookDeliveryState.New);
        Assert.All(claims.Where(c => c != winner), c => Assert.Equal(WebhookDeliveryState.InProgress, c.State));
        await winner.CompleteAsync();
        foreach (var claim in claims) await claim.DisposeAsync();

        foreach (var guard in guards)
        {
            await using var later = await guard.ClaimAsync(delivery, Ct);
            Assert.Equal(WebhookDeliveryState.AlreadyHandled, later.State);
        }
    }

    [Fact]
    public async Task A_lease_expires_by_itself_so_a_crashed_instances_claim_holds_the_delivery_only_that_long()
    {
        var crashed = Guard();
        var other = Guard();
        var delivery = Delivery("Consumption");

        var abandoned = await ClaimBrieflyAsync(crashed, delivery);
        abandoned.KeepUntilLeaseEnds(); // the process died: nothing releases it
        await using (var meanwhile = await other.ClaimAsync(delivery, Ct))
        {
            Assert.Equal(WebhookDeliveryState.InProgress, meanwhile.State);
        }

        var retry = await ClaimOnceTheLeaseEndsAsync(other, delivery);

        Assert.Equal(WebhookDeliveryState.New, retry.State);
        await retry.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_instance_whose_lease_ran_out_cannot_erase_the_record_of_the_instance_that_took_over()
    {
        var slow = Guard();
        var other = Guard();
        var delivery = Delivery("Consumption");
        var slowClaim = await ClaimBrieflyAsync(slow, delivery);

        await using (var takeover = await ClaimOnceTheLeaseEndsAsync(other, delivery))
        {
            Assert.True(await takeover.TryCompleteAsync());
        }
        // The slow handler fails only now: its release must leave the other instance's handled record.
        await slowClaim.DisposeAsync();

        await using var again = await slow.ClaimAsync(delivery, Ct);
        Assert.Equal(WebhookDeliveryState.AlreadyHandled, again.State);
        Assert.Equal("H|Consumption", await RecordAsync(delivery));
    }

    [Fact]
    public async Task A_slow_instance_whose_lease_ran_out_does_not_record_over_the_lease_of_the_instance_that_took_over()
    {
        var slow = Guard();
        var other = Guard();
        var delivery = Delivery("Consumption");
        var slowClaim = await ClaimBrieflyAsync(slow, delivery);

        await using var takeover = await ClaimOnceTheLeaseEndsAsync(other, delivery);
        var takeoverLease = await RecordAsync(delivery);

        Assert.False(await slowClaim.TryCompleteAsync());
        Assert.Equal(takeoverLease, await RecordAsync(delivery));
        Assert.StartsWith("L|", takeoverLease, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_content_one_instance_handled_as_Auth_is_an_ActionConflict_as_Consumption_on_another()
    {
        const string AuthData = """{"consume_no":"CN-FLEET-2","card_no":"CARD-F1","type":"Consumption","amount":3,"status":"Pending"}""";
        var at = DateTimeOffset.UtcNow;
        await using (var auth = await Guard().ClaimAsync(Delivery("Auth", AuthData, at), Ct))
        {
            await auth.CompleteAsync();
        }

        await using var relabelled = await Guard().ClaimAsync(Delivery("Consumption", AuthData, at), Ct);

        Assert.Equal(WebhookDeliveryState.ActionConflict, relabelled.State);
    }

    [Fact]
    public async Task A_server_that_is_down_fails_the_claim_at_once_so_the_delivery_is_not_handled()
    {
        var guard = Guard();
        await using (var first = await guard.ClaimAsync(Delivery("Consumption"), Ct))
        {
            Assert.Equal(WebhookDeliveryState.New, first.State);
        }
        _redis.Stop();

        await Assert.ThrowsAnyAsync<RedisException>(() => guard.ClaimAsync(Delivery("Consumption", at: DateTimeOffset.UtcNow.AddSeconds(1)), Ct))
            .WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public void One_line_registers_the_Redis_store_for_every_webhook_registration_whatever_the_order()
    {
        var services = new ServiceCollection();
        services.AddRedisWebhookReplayStore(_redis.Configuration);
        services.AddDistributedMemoryCache();
        services.AddKeySecureWebhooks(o => { o.AppId = AppId; o.Secret = Secret; });
        services.AddKeySecureWebhooks("merchant-b", o => { o.AppId = "AK_b"; o.Secret = Secret; });
        using var provider = services.BuildServiceProvider();
        var registrations = provider.GetRequiredService<WebhookRegistrations>();

        Assert.IsType<RedisWebhookReplayStore>(registrations.GetReplayGuard("").Store);
        Assert.IsType<RedisWebhookReplayStore>(registrations.GetReplayGuard("merchant-b").Store);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRedisWebhookReplayStore("localhost:6379,nosuchoption=1"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await _raw.DisposeAsync();
        _redis.Dispose();
    }

    /// <summary>A guard with its own store and connection: one instance of the service.</summary>
    private WebhookReplayGuard Guard()
    {
        var store = new RedisWebhookReplayStore(ConfigurationOptions.Parse(_redis.Configuration));
        _stores.Add(store);
        return new WebhookReplayGuard(store, WebhookOptions.DefaultTolerance);
    }

    /// <summary>Claims a new delivery with a lease of 300 ms: a handler (or process) that then runs past it.</summary>
    private static async Task<WebhookDeliveryClaim> ClaimBrieflyAsync(WebhookReplayGuard guard, KeySecureWebhookEvent delivery)
    {
        var claim = await guard.ClaimWithLeaseAsync(delivery, TimeSpan.FromMilliseconds(300), Ct);
        Assert.Equal(WebhookDeliveryState.New, claim.State);
        return claim;
    }

    /// <summary>Claims until the lease another claim holds has expired on the server (a deadline, not a measurement).</summary>
    private static async Task<WebhookDeliveryClaim> ClaimOnceTheLeaseEndsAsync(WebhookReplayGuard guard, KeySecureWebhookEvent delivery)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var claim = await guard.ClaimAsync(delivery, Ct);
            if (claim.State == WebhookDeliveryState.New) return claim;
            await claim.DisposeAsync();
            if (DateTime.UtcNow > until) throw new TimeoutException("The other claim's lease did not expire within 30 s.");
            await Task.Delay(20, Ct);
        }
    }

    private async Task<string?> RecordAsync(KeySecureWebhookEvent delivery) =>
        await _raw.GetDatabase().StringGetAsync(WebhookReplayGuard.KeyPrefix + delivery.DeliveryKey);

    /// <summary>A delivery verified as the endpoint would verify it (signed content, so it has a delivery key).</summary>
    private static KeySecureWebhookEvent Delivery(string action, string data = Data, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(data);
        var signature = WebhookSignature.ComputeHex(AppId, timestamp, document.RootElement, Secret);
        var body = $$"""{"id":"evt-{{action}}","action":"{{action}}","data":{{data}}}""";
        return new WebhookVerifier(new WebhookOptions { AppId = AppId, Secret = Secret })
            .Verify(Encoding.UTF8.GetBytes(body), timestamp, signature, "V1").GetEventOrThrow();
    }
}
