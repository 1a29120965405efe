using System.Text.Json.Nodes;
using KeySecure.Cli.Call;
using KeySecure.Cli.Commands;
using KeySecure.Cli.Tests.WireMock;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.Call;

/// <summary>
/// The older commands (<c>token</c>, <c>card ...</c>, <c>simulate ...</c>, <c>worldfirst sensitive-info</c>) are aliases of the
/// generated commands: the same input checks, the same answer, the same request on the wire.
/// </summary>
[Collection(WireMockCollection.Name)]
public sealed class AliasTests(WireMockServer server) : CliWireMockTest(server)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
    }

    [Fact]
    public void Every_alias_names_an_operation_of_the_specs_and_fields_it_has()
    {
        var aliases = AliasCommands.Groups.SelectMany(g => g.Aliases).Concat(AliasCommands.TopLevel).ToList();
        Assert.Equal(12, aliases.Count);
        foreach (var alias in aliases)
        {
            var operation = OperationTable.Find(alias.OperationId);
            Assert.True(operation is not null, $"'{alias.Name}' names {alias.OperationId}, which no spec has.");
            var fields = operation.Fields.Select(f => f.Name).ToHashSet();
            foreach (var field in alias.Fields.Select(f => f.Field).Concat(alias.Echo ?? []))
            {
                Assert.True(fields.Contains(field), $"'{alias.Name}' names the field {field}, which {alias.OperationId} does not have.");
            }
        }
    }

    [Fact]
    public async Task An_alias_prints_what_its_operations_command_prints()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetCardPrivateInfo");

        var alias = (await Run(KeySecureEnv(), "card", "private-info", TestData.CardNo)).ShouldExit(0).Json();
        var generated = (await Run(KeySecureEnv(), "call", "GetCardPrivateInfo", "--cardNo", TestData.CardNo)).ShouldExit(0).Json();

        Assert.True(JsonNode.DeepEquals(generated, alias), $"card private-info printed {alias.ToJsonString()}, call GetCardPrivateInfo {generated.ToJsonString()}");
        Assert.True((bool?)alias["masked"]);
    }

    [Fact]
    public async Task An_alias_refuses_an_unknown_enum_value_as_its_operation_does_and_sends_nothing()
    {
        var alias = (await Run(KeySecureEnv(), "card", "status", "--card-no", TestData.CardNo, "--status", "Pending")).ShouldExit(2);
        var generated = (await Run(KeySecureEnv(), "call", "UpdateCardStatus", "--card_no", TestData.CardNo, "--status", "Pending")).ShouldExit(2);

        const string refusal = "'status' must be one of Frozen, Activated, Delete (not 'Pending')";
        Assert.Contains(refusal, alias.Stderr);
        Assert.Contains(refusal, generated.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task An_alias_takes_the_whole_body_in_data_and_checks_it_against_the_spec()
    {
        var result = (await Run(KeySecureEnv(), CliRun.Stdin("""{"colour":"red"}"""), "card", "status", "--card-no", TestData.CardNo, "--status", "Frozen", "--data", "-"))
            .ShouldExit(2);

        Assert.Contains("'colour' is not a field of UpdateCardStatus", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_simulation_alias_sends_the_operations_request_with_its_old_option_names()
    {
        await WireMock.AddMappingAsync(Stubs.KeySecure("POST", "/simulate/consumption_clear", Stubs.Envelope(0, "success", new JsonObject { ["consume_no"] = "CS-9", ["status"] = "Success" })));

        var result = (await Run(KeySecureEnv(), "simulate", "clear", "--card-no", TestData.CardNo, "--consume-no", "CS-9", "--amount", "1.50", "--currency", "eur"))
            .ShouldExit(0).Json();

        Assert.Equal("SimulateConsumptionClear", (string?)result["operation"]);
        Assert.Equal(TestData.CardNo, (string?)result["card_no"]);
        var sent = Assert.Single(await WireMock.RequestsAsync("POST", KeySecurePrefix + "/simulate/consumption_clear")).BodyJson();
        Assert.True(JsonNode.DeepEquals(
            new JsonObject { ["card_no"] = TestData.CardNo, ["consume_no"] = "CS-9", ["amount"] = "1.50", ["currency"] = "EUR" },
            sent), sent.ToJsonString());
    }

    [Fact]
    public async Task An_access_token_in_an_answer_is_hidden_whole_unless_revealed()
    {
        var masked = (await Run(KeySecureEnv(), "call", "GetToken")).ShouldExit(0);
        var revealed = (await Run(KeySecureEnv(), "call", "GetToken", "--reveal")).ShouldExit(0);

        Assert.Equal("***", (string?)masked.Json()["access_token"]);
        Assert.DoesNotContain(TestData.AccessToken[..4], masked.Stdout);
        Assert.DoesNotContain(TestData.AccessToken[^4..], masked.Stdout);
        Assert.Equal(TestData.AccessToken, (string?)revealed.Json()["access_token"]);
    }
}
