using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

[Collection(WireMockCollection.Name)]
public sealed class ConsumptionsContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "GetConsumption")]
    public async Task GetConsumption_returns_the_consumption_and_keeps_undocumented_fields()
    {
        var consumption = await KeySecure<IConsumptionsClient>().GetConsumptionAsync(TestData.ConsumeNo, Ct);

        Assert.Equal(TestData.ConsumeNo, consumption.ConsumeNo);
        Assert.Equal(ConsumptionType.Consumption, consumption.Type);
        Assert.Equal(25.50m, consumption.Amount);
        Assert.Equal("CNY", consumption.LocalCurrency);
        Assert.Equal(0.38m, consumption.Fee);
        Assert.Equal("Coffee Shop", ((JsonElement)consumption.AdditionalProperties["merchant_name"]).GetString());
        await SentWithTokenAsync("GetConsumption", $"/card/consume/{TestData.ConsumeNo}/info");
    }

    [Fact, Trait(OperationTrait, "ListConsumptions")]
    public async Task ListConsumptions_posts_the_filters_and_returns_the_page()
    {
        var page = await KeySecure<IConsumptionsClient>().ListConsumptionsAsync(
            new ListConsumptionsRequest { CardNo = TestData.CardNo, StartTime = "2024-05-01", EndTime = "2024-05-07" }, Ct);

        Assert.Equal(2, page.List!.Count);
        Assert.Equal(CommonStatus.Success, page.List.First().Status);
        Assert.Equal(ConsumptionType.Refund, page.List.Last().Type);
        var request = await SentWithTokenAsync("ListConsumptions", "/card/consume/list");
        KeySecureWire.AssertBody(request, "ListConsumptions", new JsonObject
        {
            ["card_no"] = TestData.CardNo, ["start_time"] = "2024-05-01", ["end_time"] = "2024-05-07",
        });
    }
}
