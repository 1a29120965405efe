using System.Text.Json.Nodes;
using KeySecure.Cli.Hosting;
using KeySecure.Cli.Tests.WireMock;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.Call;

/// <summary><c>keysecure call</c> against WireMock: what reaches the wire, what is printed, and input refused before sending.</summary>
[Collection(WireMockCollection.Name)]
public sealed class CallWireMockTests(WireMockServer server) : CliWireMockTest(server)
{
    private const string ConsumptionsPath = "/card/consume/list";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
    }

    [Fact]
    public async Task All_streams_every_item_of_three_pages_as_one_json_object_per_line()
    {
        await StubThreePagesAsync();

        var result = (await Run(KeySecureEnv(), "call", "ListConsumptions", "--all", "--card_no", TestData.CardNo)).ShouldExit(0);

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CS1", "CS2", "CS3", "CS4", "CS5"], lines.Select(line => (string?)JsonNode.Parse(line)!["consume_no"]));
        Assert.All(lines, line => Assert.DoesNotContain('\n', line.TrimEnd('\r')));
        var asked = await WireMock.RequestsAsync("POST", KeySecurePrefix + ConsumptionsPath);
        Assert.Equal(3, asked.Count);
        Assert.All(asked, request => Assert.Equal(TestData.CardNo, (string?)JsonNode.Parse(request.Body!)!["card_no"]));
    }

    [Fact]
    public async Task A_transfer_amount_with_more_than_two_decimals_exits_2_and_sends_nothing()
    {
        var result = (await Run(KeySecureEnv(), "call", "TransferFunds", "--yes", "--cardholder_no", "CH1", "--type", "In",
            "--transfer_unique_no", "T-1", "--balance", "100.005")).ShouldExit(2);

        Assert.Contains("balance", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_card_application_missing_card_unique_no_exits_2_naming_it_and_sends_nothing()
    {
        var input = CliRun.Stdin("""{"cardholder_no":"CH1","card_type":"Virtual","package_no":"P1"}""");

        var result = (await Run(KeySecureEnv(), input, "call", "ApplyCard", "--data", "-")).ShouldExit(2);

        Assert.Contains("'card_unique_no' is required", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Theory]
    [InlineData("Plastic", "--package_no", "P1", "'card_type' must be one of Virtual, Physical")]
    [InlineData("Virtual", "--address_info.city", "Paris", "'address_info.postal_code' is required")]
    public async Task An_unknown_enum_value_or_an_incomplete_nested_object_exits_2_and_sends_nothing(string cardType, string flag, string value, string expected)
    {
        var result = (await Run(KeySecureEnv(), "call", "ApplyCard", "--cardholder_no", "CH1", "--card_unique_no", "U1",
            "--card_type", cardType, flag, value)).ShouldExit(2);

        Assert.Contains(expected, result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_or_a_field_the_spec_lacks_exits_2_and_sends_nothing()
    {
        var wrongType = (await Run(KeySecureEnv(), "call", "ListConsumptions", "--page", "first")).ShouldExit(2);
        var unknown = (await Run(KeySecureEnv(), CliRun.Stdin("""{"colour":"red"}"""), "call", "ListConsumptions", "--data", "-")).ShouldExit(2);

        Assert.Contains("'page' must be an integer", wrongType.Stderr);
        Assert.Contains("'colour' is not a field of ListConsumptions", unknown.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_pin_is_never_taken_as_an_argument_value()
    {
        var result = (await Run(KeySecureEnv(), "call", "SetCardPin", "--card_no", TestData.CardNo, "--cardholder_no", "CH1", "--pin", "135790")).ShouldExit(2);

        Assert.DoesNotContain("135790", result.All);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_call_prints_the_typed_answer_with_card_data_masked_unless_revealed()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetCardPrivateInfo");

        var masked = (await Run(KeySecureEnv(), "call", "getcardprivateinfo", "--cardNo", TestData.CardNo)).ShouldExit(0);
        var revealed = (await Run(KeySecureEnv(), "call", "GetCardPrivateInfo", "--cardNo", TestData.CardNo, "--reveal")).ShouldExit(0);

        Assert.Equal("411111******1111", (string?)masked.Json()["pan"]);
        Assert.Equal("***", (string?)masked.Json()["cvv"]);
        Assert.DoesNotContain("4111111111111111", masked.All);
        Assert.Equal("4111111111111111", (string?)revealed.Json()["pan"]);
        Assert.Equal(2, (await WireMock.RequestsAsync("GET", $"{KeySecurePrefix}/card/{TestData.CardNo}/private/info")).Count);
    }

    [Fact]
    public async Task A_write_goes_through_the_generated_client_and_prints_its_result()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "UpdateCardStatus");

        var result = (await Run(KeySecureEnv(), "call", "UpdateCardStatus", "--card_no", TestData.CardNo, "--status", "frozen")).ShouldExit(0);

        Assert.True((bool?)result.Json()["result"]);
        var sent = Assert.Single(await WireMock.RequestsAsync("POST", $"{KeySecurePrefix}/card/status/update"));
        Assert.Equal("Frozen", (string?)JsonNode.Parse(sent.Body!)!["status"]);
    }

    [Fact]
    public async Task A_write_whose_outcome_is_unknown_exits_6_with_the_read_back_instruction()
    {
        await WireMock.AddMappingAsync(Stubs.KeySecure("POST", "/card/status/update", Stubs.Status(502, "<html>bad gateway</html>", "text/html"))
            .OffSpec("a proxy's error page, which no spec describes"));

        var result = (await Run(KeySecureEnv(), "call", "UpdateCardStatus", "--card_no", TestData.CardNo, "--status", "Frozen")).ShouldExit(6);

        Assert.Contains("outcome is unknown", result.Stderr);
        Assert.Single(await WireMock.RequestsAsync("POST", $"{KeySecurePrefix}/card/status/update"));
    }

    [Theory]
    [InlineData("no", 2, 0)]
    [InlineData("yes", 0, 1)]
    public async Task Moving_money_from_a_terminal_shows_the_amount_and_waits_for_yes(string answer, int exitCode, int sent)
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "TransferFunds");
        var asked = new List<string>();
        var terminal = new CliInput(TextReader.Null, hiddenPrompt: null, prompt: question =>
        {
            asked.Add(question);
            return answer;
        });

        var result = (await Run(KeySecureEnv(), terminal, "call", "TransferFunds", "--cardholder_no", "CH1", "--type", "In",
            "--transfer_unique_no", "T-1", "--balance", "100.5")).ShouldExit(exitCode);

        Assert.Single(asked);
        Assert.Contains("\"balance\":\"100.5\"", result.Stderr);
        Assert.Equal(sent, (await WireMock.RequestsAsync("POST", $"{KeySecurePrefix}/account/transfer")).Count);
    }

    [Fact]
    public async Task Yes_moves_money_without_asking()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "TransferFunds");
        var terminal = new CliInput(TextReader.Null, hiddenPrompt: null, prompt: _ => throw new InvalidOperationException("asked despite --yes"));

        (await Run(KeySecureEnv(), terminal, "call", "TransferFunds", "--yes", "--cardholder_no", "CH1", "--type", "In",
            "--transfer_unique_no", "T-1", "--balance", "100.5")).ShouldExit(0);

        Assert.Single(await WireMock.RequestsAsync("POST", $"{KeySecurePrefix}/account/transfer"));
    }

    [Fact]
    public async Task All_counts_the_pages_on_stderr_only_when_it_is_a_terminal()
    {
        await StubThreePagesAsync();
        var stdout = new StringWriter();
        var terminal = new StringWriter();
        using var signals = ShutdownSignals.Following(Ct);

        var exitCode = await CliApp.RunAsync(["call", "ListConsumptions", "--all", "--size", "2"], CliInput.None, stdout, terminal, KeySecureEnv(), signals, stderrIsTerminal: true);
        await WireMock.ResetAsync(); // the pages again, from the first
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
        await StubThreePagesAsync();
        var redirected = (await Run(KeySecureEnv(), "call", "ListConsumptions", "--all", "--size", "2")).ShouldExit(0);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{terminal}");
        Assert.Contains("ListConsumptions: page 1 printed (2 item(s) so far)", terminal.ToString());
        Assert.Contains("ListConsumptions: page 2 printed (4 item(s) so far)", terminal.ToString());
        Assert.Contains("ListConsumptions: 5 item(s).", terminal.ToString());
        Assert.DoesNotContain("page", redirected.Stderr);
        Assert.Equal(stdout.ToString(), redirected.Stdout);
    }

    /// <summary>Five consumptions over three pages of two (the last one short), served in order.</summary>
    private async Task StubThreePagesAsync()
    {
        string[][] pages = [["CS1", "CS2"], ["CS3", "CS4"], ["CS5"]];
        for (var i = 0; i < pages.Length; i++)
        {
            var page = new JsonObject
            {
                ["list"] = new JsonArray(pages[i].Select(Consumption).ToArray<JsonNode?>()),
                ["total"] = 5,
                ["page"] = i,
                ["size"] = 2,
            };
            await WireMock.AddMappingAsync(Stubs.KeySecure("POST", ConsumptionsPath, Stubs.Envelope(0, "success", page))
                .InScenario("pages", i == 0 ? Stubs.ScenarioStarted : $"page{i}", $"page{i + 1}"));
        }
    }

    private static JsonObject Consumption(string consumeNo) => new()
    {
        ["consume_no"] = consumeNo,
        ["card_no"] = TestData.CardNo,
        ["type"] = "Consumption",
        ["amount"] = 1.5m,
        ["status"] = "Success",
        ["time"] = "2024-05-03 12:00:00",
    };
}
