using System.Text.Json.Nodes;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.SpecTesting;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// The specs judge the sandbox: every exchange of every test goes through <see cref="WireCheckingHandler"/>. These
/// tests show the check is in the path and would catch a sandbox that drifted from the spec by one member name.
/// </summary>
public sealed class WireOracleTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_exchange_of_a_lifecycle_is_recorded_and_meets_the_specs()
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = await SandboxFixture.CardAsync(sdk, holder, "Virtual");
        await sdk.Cards.GetCardDetailAsync(card.CardNo!, Ct);
        await sdk.Cards.GetCardPrivateInfoAsync(card.CardNo!, Ct);

        var operations = sdk.Wire.Exchanges.Select(e => Operation(e.Request)).ToList();
        Assert.Equal(["GetToken", "ApplyCardholder", "GetCardholder", "GetCardholder", "ApplyCard", "GetCardDetail", "GetCardPrivateInfo"], operations);
        Assert.All(sdk.Wire.Exchanges, e => Assert.Empty(SandboxWire.Check(fixture.Sandbox.Credentials.ApiSecret, e.Request, e.Response)));
    }

    [Theory]
    [InlineData("GetCardDetail", "card_no", "cardNo")]
    [InlineData("ApplyCardholder", "cardholder_no", "cardholderNo")]
    [InlineData("GetToken", "access_token", "accessToken")]
    public async Task One_renamed_member_in_a_real_answer_fails_naming_the_operation_and_the_member(string operationId, string member, string renamed)
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = await SandboxFixture.CardAsync(sdk, holder, "Virtual");
        await sdk.Cards.GetCardDetailAsync(card.CardNo!, Ct);
        var (request, response) = sdk.Wire.Exchanges.First(e => Operation(e.Request) == operationId);
        var secret = fixture.Sandbox.Credentials.ApiSecret;
        Assert.Empty(SandboxWire.Check(secret, request, response));

        var body = JsonNode.Parse(response.Body)!;
        var data = body["data"]!.AsObject();
        var value = data[member]!.DeepClone();
        data.Remove(member);
        data[renamed] = value;
        var violations = SandboxWire.Check(secret, request, response with { Body = body.ToJsonString() });

        Assert.Contains(violations, v => v.Operation == operationId && v.Location == "/data/" + renamed && v.Rule == "undeclared");
    }

    [Fact]
    public async Task A_request_the_spec_does_not_allow_fails_the_call_naming_operation_pointer_and_rule()
    {
        using var sdk = fixture.Sdk();

        var error = await Assert.ThrowsAsync<WireContractException>(() => sdk.Cards.ListCardsAsync(new ListCardsRequest { Size = 101 }, Ct));

        Assert.Contains(error.Violations, v => (v.Operation, v.Direction, v.Location, v.Rule) == ("ListCards", "request", "/size", "maximum"));
    }

    private string Operation(WireRequest request)
    {
        var (_, operation) = SandboxWire.Find(fixture.Sandbox.Credentials.ApiSecret, request.Method, request.PathAndQuery.Split('?')[0]);
        return operation?.OperationId ?? "(none)";
    }
}
