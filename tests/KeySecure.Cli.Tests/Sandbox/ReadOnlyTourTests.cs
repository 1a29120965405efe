namespace KeySecure.Cli.Tests.Sandbox;

/// <summary>With base URLs configured the tour only reads: run it against a sandbox and check nothing changed.</summary>
public sealed class ReadOnlyTourTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_base_urls_the_tour_runs_only_read_only_steps()
    {
        var before = await sandbox.Sdk.Cards.ListCardsAsync(new Generated.OpenPlatform.ListCardsRequest { Size = 100 }, Ct);
        var statusBefore = (await sandbox.Sdk.Cards.GetCardDetailAsync(sandbox.VirtualCardNo, Ct)).Status;

        var result = (await CliRun.RunAsync(sandbox.Env(), "tour", "--card-no", sandbox.VirtualCardNo, "--asset-id", "ASSET-READ-ONLY")).ShouldExit(0);

        var summary = result.Json();
        Assert.Equal("read-only", (string?)summary["mode"]);
        var steps = summary["steps"]!.AsArray().Select(s => (string?)s!["name"]).ToList();
        Assert.Equal(["token", "cardholder-list", "card-list", "card-detail", "consumption-list", "worldfirst-sensitive-info"], steps);
        Assert.Equal(sandbox.VirtualCardNo, (string?)summary["steps"]![3]!["ids"]!["card_no"]);
        var after = await sandbox.Sdk.Cards.ListCardsAsync(new Generated.OpenPlatform.ListCardsRequest { Size = 100 }, Ct);
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(statusBefore, (await sandbox.Sdk.Cards.GetCardDetailAsync(sandbox.VirtualCardNo, Ct)).Status);
        Assert.DoesNotContain(sandbox.Server.Credentials.ApiSecret, result.All);
        Assert.DoesNotContain("sbx_at_", result.All);
    }

    [Fact]
    public async Task A_failing_read_only_step_stops_the_tour_with_its_exit_code()
    {
        var env = sandbox.Env();
        env["KEYSECURE_API_KEY"] = "sbx_ak_unknown";

        var result = (await CliRun.RunAsync(env, "tour")).ShouldExit(3);

        var summary = result.Json();
        Assert.False((bool?)summary["ok"]);
        var step = Assert.Single(summary["steps"]!.AsArray());
        Assert.Equal("token", (string?)step!["name"]);
        Assert.Equal(3, (int?)step["exit_code"]);
        Assert.Contains("1008", (string?)step["error"]);
    }
}
