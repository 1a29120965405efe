using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

/// <summary>The sandbox simulations: no Api-Key, no Access-Token, and no GetToken call at all.</summary>
[Collection(WireMockCollection.Name)]
public sealed class SimulationsContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "SimulateAuth")]
    public Task SimulateAuth_posts_without_credentials() =>
        SimulateAsync("SimulateAuth", "/simulate/auth", "SIM-AUTH-0001", (c, r) => c.SimulateAuthAsync(r, Ct), consumeNo: null);

    [Fact, Trait(OperationTrait, "SimulateConsumptionClear")]
    public Task SimulateConsumptionClear_posts_without_credentials() =>
        SimulateAsync("SimulateConsumptionClear", "/simulate/consumption_clear", "SIM-CLEAR-0001", (c, r) => c.SimulateConsumptionClearAsync(r, Ct), "SIM-AUTH-0001");

    [Fact, Trait(OperationTrait, "SimulateConsumptionFail")]
    public Task SimulateConsumptionFail_posts_without_credentials() =>
        SimulateAsync("SimulateConsumptionFail", "/simulate/consumption_fail", "SIM-FAIL-0001", (c, r) => c.SimulateConsumptionFailAsync(r, Ct), "SIM-AUTH-0001");

    [Fact, Trait(OperationTrait, "SimulateReversal")]
    public Task SimulateReversal_posts_without_credentials() =>
        SimulateAsync("SimulateReversal", "/simulate/reversal", "SIM-REVERSAL-0001", (c, r) => c.SimulateReversalAsync(r, Ct), TestData.ConsumeNo);

    [Fact, Trait(OperationTrait, "SimulateRefund")]
    public Task SimulateRefund_posts_without_credentials() =>
        SimulateAsync("SimulateRefund", "/simulate/refund", "SIM-REFUND-0001", (c, r) => c.SimulateRefundAsync(r, Ct), TestData.ConsumeNo);

    private async Task SimulateAsync(
        string operationId, string path, string expectedConsumeNo, Func<ISimulationsClient, SimulationRequest, Task<SimulationResult>> call, string? consumeNo)
    {
        var simulation = new SimulationRequest { CardNo = TestData.CardNo, Amount = "12.34", Currency = "USD", ConsumeNo = consumeNo };

        var result = await call(KeySecure<ISimulationsClient>(), simulation);

        Assert.Equal(expectedConsumeNo, result.ConsumeNo);
        var request = await KeySecureWire.SingleAsync(WireMock, operationId, path);
        KeySecureWire.AssertNoCredentials(request);
        Assert.Empty(await WireMock.RequestsAsync("GET", Stubs.KeySecurePrefix + "/merchant/token"));
        var expected = new JsonObject { ["card_no"] = TestData.CardNo, ["amount"] = "12.34", ["currency"] = "USD" };
        if (consumeNo is not null) expected["consume_no"] = consumeNo;
        KeySecureWire.AssertBody(request, operationId, expected);
    }
}
