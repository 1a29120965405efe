using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

/// <summary>
/// Off-spec answers sent on purpose (each stub says so): the provider's pages show amounts as numeric strings while the
/// spec declares numbers, and the platform adds enumeration members; the SDK reads both.
/// </summary>
[Collection(WireMockCollection.Name)]
public sealed class OffSpecReadingContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "GetCardDetail")]
    public async Task GetCardDetail_reads_amounts_sent_as_numeric_strings_and_an_unknown_status()
    {
        var data = ExampleStubs.KeySecureData("GetCardDetail")!.DeepClone().AsObject();
        data["status"] = "Suspended";
        var fees = data["fee_detail"]!.AsObject();
        fees["consume_cancle_fee"] = "0.50";
        fees["decline_fee_free_count"] = "5";
        fees["open_cost"] = "";
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", $"/card/{TestData.CardNo}/detail", Stubs.Envelope(0, "success", data), priority: 1)
            .OffSpec("numeric strings as the provider's pages show them, and a status the spec does not list"));

        var card = await KeySecure<ICardsClient>().GetCardDetailAsync(TestData.CardNo, Ct);

        Assert.Equal(0.50m, card.FeeDetail!.ConsumeCancleFee);
        Assert.Equal(5, card.FeeDetail.DeclineFeeFreeCount);
        Assert.Null(card.FeeDetail.OpenCost);
        Assert.Equal("Suspended", card.Status.ToString());
    }
}
