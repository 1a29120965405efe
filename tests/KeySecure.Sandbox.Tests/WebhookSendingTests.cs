using System.Globalization;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// Webhooks into the merchant's own app (<see cref="SandboxServer.SendWebhookAsync"/>, <see cref="SandboxServer.WebhookHttpClient"/>):
/// signed as the provider signs them, through the caller's client so an app with no port receives them, sent again on
/// purpose, stale or badly signed on purpose, and the app's answer handed back.
/// </summary>
public sealed class WebhookSendingTests(SandboxFixture fixture)
{
    private static readonly Uri Endpoint = new("/webhooks/keysecure", UriKind.Relative);
    private const string ConsumptionData = """{"consume_no":"CS20260522000001","card_no":"C20260522000002","type":"Consumption","amount":"12.34","status":"Success"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_webhook_built_directly_reaches_an_app_through_the_callers_client_signed_and_its_answer_comes_back()
    {
        using var app = new InMemoryWebhookApp(fixture.Sandbox.Credentials);
        using var client = app.Client();
        var body = SandboxServer.CreateWebhookBody("Consumption", ConsumptionData);

        var reply = await fixture.Sandbox.SendWebhookAsync(body, Endpoint, client, cancellationToken: Ct);

        Assert.Equal(new WebhookReply(200, """{"code":0,"message":""}"""), reply);
        var received = Assert.Single(app.Received);
        Assert.Equal((body, (WebhookFailureReason?)null), (received.Body, received.Failure));
        Assert.Contains("\"action\":\"Consumption\"", body, StringComparison.Ordinal);
        Assert.Contains(ConsumptionData, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivery_sends_the_same_content_again_correctly_signed()
    {
        using var app = new InMemoryWebhookApp(fixture.Sandbox.Credentials);
        using var client = app.Client();
        var body = SandboxServer.CreateWebhookBody("Card_update", """{"card_no":"C20260522000002","before_status":"Activated","after_status":"Frozen","time":"2026-05-22 10:00:00"}""");

        var first = await fixture.Sandbox.SendWebhookAsync(body, Endpoint, client, cancellationToken: Ct);
        var again = await fixture.Sandbox.SendWebhookAsync(body, Endpoint, client, cancellationToken: Ct);

        Assert.True((first.StatusCode, again.StatusCode) == (200, 200), $"{first} {again}");
        Assert.Equal([body, body], app.Received.Select(r => r.Body));
        Assert.All(app.Received, r => Assert.Null(r.Failure));
    }

    [Theory]
    [InlineData(WebhookFlaw.StaleTimestamp, WebhookFailureReason.StaleTimestamp)]
    [InlineData(WebhookFlaw.BadSignature, WebhookFailureReason.BadSignature)]
    public async Task A_flawed_webhook_is_refused_by_the_sdk_for_that_flaw_and_the_refusal_comes_back(WebhookFlaw flaw, WebhookFailureReason reason)
    {
        using var app = new InMemoryWebhookApp(fixture.Sandbox.Credentials);
        using var client = app.Client();
        var body = SandboxServer.CreateWebhookBody("Consumption", ConsumptionData);

        var reply = await fixture.Sandbox.SendWebhookAsync(body, Endpoint, client, flaw, Ct);

        Assert.Equal(401, reply.StatusCode);
        Assert.Contains(reason.ToString(), reply.Body, StringComparison.Ordinal);
        Assert.Equal(reason, Assert.Single(app.Received).Failure);
    }

    [Fact]
    public async Task A_stale_timestamp_is_two_hours_before_the_sandbox_clock()
    {
        using var app = new InMemoryWebhookApp(fixture.Sandbox.Credentials);
        using var client = app.Client();

        await fixture.Sandbox.SendWebhookAsync(SandboxServer.CreateWebhookBody("Auth", "{}"), Endpoint, client, WebhookFlaw.StaleTimestamp, Ct);

        var sent = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Assert.Single(app.Received).Timestamp!, CultureInfo.InvariantCulture));
        var age = DateTimeOffset.UtcNow - sent;
        Assert.InRange(age, TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_simulations_webhooks_go_through_the_client_the_merchant_set()
    {
        using var app = new InMemoryWebhookApp(fixture.Sandbox.Credentials);
        using var client = app.Client();
        await using var sandbox = await SandboxFixture.StartAsync(o => o.WebhookUrl = Endpoint);
        sandbox.WebhookHttpClient = client;
        using var sdk = new Sdk(sandbox);
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = (await SandboxFixture.CardAsync(sdk, holder, "Virtual")).CardNo!;

        await sdk.Simulations.SimulateAuthAsync(new SimulationRequest { CardNo = card, Amount = "3.00", Currency = "USD" }, Ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var delivery = await sandbox.WaitForWebhookAsync(d => d.Action == "Auth", deadline.Token);

        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        var received = Assert.Single(app.Received, r => r.Body == delivery.Body);
        Assert.Null(received.Failure);
        Assert.Contains(card, received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_data_must_be_a_json_object()
    {
        Assert.Throws<ArgumentException>(() => SandboxServer.CreateWebhookBody("Auth", "[]"));
        Assert.Throws<ArgumentException>(() => SandboxServer.CreateWebhookBody("Auth", "{"));
        Assert.Throws<ArgumentException>(() => SandboxServer.CreateWebhookBody(" ", "{}"));
    }
}
