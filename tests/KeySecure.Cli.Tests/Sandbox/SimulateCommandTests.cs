using KeySecure.Cli.Tour;

namespace KeySecure.Cli.Tests.Sandbox;

/// <summary><c>keysecure simulate ...</c> against the local sandbox: each call makes it deliver its webhook to the merchant's receiver.</summary>
public sealed class SimulateCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly TimeSpan WebhookDeadline = TimeSpan.FromSeconds(10);
    private WebhookReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var credentials = sandbox.Server.Credentials;
        _receiver = await WebhookReceiver.StartAsync(credentials.ApiKey, credentials.ApiSecret, TextWriter.Null, Ct);
        sandbox.Server.WebhookUrl = _receiver.Url;
    }

    public async ValueTask DisposeAsync()
    {
        sandbox.Server.WebhookUrl = null;
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Simulate_auth_makes_the_sandbox_deliver_a_verified_Auth_webhook()
    {
        var result = (await CliRun.RunAsync(sandbox.Env(), "simulate", "auth", "--card-no", sandbox.VirtualCardNo, "--amount", "12.34", "--currency", "usd"))
            .ShouldExit(0).Json();

        Assert.Equal("SimulateAuth", (string?)result["operation"]);
        Assert.Equal(sandbox.VirtualCardNo, (string?)result["card_no"]);
        var consumeNo = (string?)result["consume_no"];
        Assert.False(string.IsNullOrEmpty(consumeNo));
        var webhook = await _receiver.Inbox.WaitForAsync(w => w.Action == "Auth" && w.ConsumeNo == consumeNo, WebhookDeadline, "Auth", Ct);
        Assert.Equal(sandbox.VirtualCardNo, webhook.CardNo);
    }

    [Fact]
    public async Task Clear_then_refund_each_deliver_a_Consumption_webhook()
    {
        var env = sandbox.Env();
        var consumeNo = (string?)(await CliRun.RunAsync(env, "simulate", "auth", "--card-no", sandbox.VirtualCardNo, "--amount", "20.00")).ShouldExit(0).Json()["consume_no"];

        var cleared = (await CliRun.RunAsync(env, "simulate", "clear", "--card-no", sandbox.VirtualCardNo, "--consume-no", consumeNo!)).ShouldExit(0).Json();
        Assert.Equal("Success", (string?)cleared["status"]);
        await _receiver.Inbox.WaitForAsync(w => w.Action == "Consumption" && w.ConsumeNo == consumeNo, WebhookDeadline, "Consumption", Ct);

        var refund = (await CliRun.RunAsync(env, "simulate", "refund", "--card-no", sandbox.VirtualCardNo, "--consume-no", consumeNo!, "--amount", "5.00"))
            .ShouldExit(0).Json();
        Assert.Equal("Refund", (string?)refund["type"]);
        var refundNo = (string?)refund["consume_no"];
        await _receiver.Inbox.WaitForAsync(w => w.Action == "Consumption" && w.ConsumeNo == refundNo, WebhookDeadline, "Consumption", Ct);
    }

    [Fact]
    public async Task A_refused_simulation_exits_3_with_the_provider_code()
    {
        // Nothing was authorised under this number: the sandbox answers a provider error.
        var result = (await CliRun.RunAsync(sandbox.Env(), "simulate", "reversal", "--card-no", sandbox.VirtualCardNo, "--consume-no", "CS-NONE")).ShouldExit(3);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("KeySecure answered code", result.Stderr);
    }

    [Theory]
    [InlineData("simulate", "clear", "--card-no", "C1")] // consume_no is required after an authorization
    [InlineData("simulate", "auth", "--card-no", "C1")] // amount is required for an authorization
    [InlineData("simulate", "auth", "--card-no", "C1", "--amount", "-3")]
    [InlineData("simulate", "auth", "--card-no", "C1", "--amount", "ten")]
    public async Task Incomplete_or_malformed_simulations_exit_2(params string[] args) =>
        (await CliRun.RunAsync(sandbox.Env(), args)).ShouldExit(2);
}
