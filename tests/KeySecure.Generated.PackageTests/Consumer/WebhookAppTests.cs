using KeySecure.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

/// <summary>
/// The README's WebhookChecks against a real app under WebApplicationFactory (no port): a signed Consumption, its
/// redelivery and a duplicate under a new id are each acknowledged and reach the handler (each is signed anew), which
/// applies the consumption once, by its signed business keys; a stale timestamp and a bad signature are refused before
/// the handler.
/// </summary>
public sealed class WebhookAppTests
{
    [Fact]
    public async Task A_signed_consumption_reaches_the_app_once_and_flawed_deliveries_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: ct);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in sandbox.Configuration) web.UseSetting(key, value);
        });
        using var app = factory.CreateClient();

        var (first, redelivery, stale, forged) = await WebhookChecks.DeliverAsync(sandbox, app, ct);
        var duplicate = await sandbox.SendWebhookAsync(
            SandboxServer.CreateWebhookBody("Consumption",
                """{"consume_no":"CS1","card_no":"C1","type":"Consumption","amount":"12.34","status":"Success"}"""),
            new Uri("/webhooks/keysecure", UriKind.Relative), app, cancellationToken: ct);

        Assert.Equal((200, """{"code":0,"message":""}"""), (first.StatusCode, first.Body));
        Assert.Equal((200, """{"code":0,"message":""}"""), (redelivery.StatusCode, redelivery.Body));
        Assert.Equal((200, """{"code":0,"message":""}"""), (duplicate.StatusCode, duplicate.Body));
        Assert.Equal(401, stale.StatusCode);
        Assert.Contains("StaleTimestamp", stale.Body, StringComparison.Ordinal);
        Assert.Equal(401, forged.StatusCode);
        Assert.Contains("BadSignature", forged.Body, StringComparison.Ordinal);
        var handled = factory.Services.GetRequiredService<HandledConsumptions>();
        Assert.Equal(["CS1", "CS1", "CS1"], handled.Calls);
        Assert.Single(handled.Applied);
    }
}
