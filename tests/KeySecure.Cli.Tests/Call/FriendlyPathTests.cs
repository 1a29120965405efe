using System.Text.Json.Nodes;
using KeySecure.Cli.Tests.Sandbox;

namespace KeySecure.Cli.Tests.Call;

/// <summary>The friendly paths (<c>keysecure cardholders apply</c>, ...) against the embedded sandbox: the same generated commands as <c>call</c>.</summary>
public sealed class FriendlyPathTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task A_cardholder_applied_from_stdin_then_a_transfer_then_every_transfer_streamed()
    {
        var applied = (await CliRun.RunAsync(sandbox.Env(), CliRun.Stdin("""{"cardholder_unique_no":"friendly-1","sumsub_share_token":"t"}"""),
            "cardholders", "apply", "--data", "-")).ShouldExit(0).Json();
        var cardholderNo = (string?)applied["cardholder_no"];
        Assert.False(string.IsNullOrEmpty(cardholderNo));

        var transfer = (await CliRun.RunAsync(sandbox.Env(), "transfers", "create", "--cardholder_no", cardholderNo!, "--type", "In",
            "--transfer_unique_no", "friendly-t1", "--balance", "20.5")).ShouldExit(0).Json();
        Assert.Equal(20.50m, (decimal?)transfer["after_balance"]);

        var listed = (await CliRun.RunAsync(sandbox.Env(), "transfers", "list", "--all", "--cardholder_no", cardholderNo!)).ShouldExit(0);
        var line = Assert.Single(listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("friendly-t1", (string?)JsonNode.Parse(line)!["transfer_unique_no"]);
    }

    [Fact]
    public async Task Consumptions_list_all_streams_every_consumption_of_a_card_across_pages()
    {
        var env = sandbox.Env();
        var authorised = new List<string?>();
        for (var i = 1; i <= 3; i++)
        {
            var auth = (await CliRun.RunAsync(env, "simulate", "auth", "--card-no", sandbox.VirtualCardNo, "--amount", $"{i}.00")).ShouldExit(0).Json();
            authorised.Add((string?)auth["consume_no"]);
        }

        // One consumption per page: the pager walks three pages and prints each item as it comes.
        var result = (await CliRun.RunAsync(env, "consumptions", "list", "--all", "--card_no", sandbox.VirtualCardNo, "--size", "1")).ShouldExit(0);

        var listed = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (string?)JsonNode.Parse(line)!["consume_no"]);
        Assert.Equal(authorised.Order(), listed.Order());
        Assert.Contains("ListConsumptions: 3 item(s).", result.Stderr);
    }

    [Fact]
    public async Task Cards_list_all_names_the_fixture_cards_one_per_line()
    {
        var result = (await CliRun.RunAsync(sandbox.Env(), "cards", "list", "--all", "--cardholder_no", sandbox.CardholderNo)).ShouldExit(0);

        var cardNos = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (string?)JsonNode.Parse(l)!["card_no"]).ToHashSet();
        Assert.Contains(sandbox.VirtualCardNo, cardNos);
        Assert.Contains(sandbox.PhysicalCardNo, cardNos);
    }
}
