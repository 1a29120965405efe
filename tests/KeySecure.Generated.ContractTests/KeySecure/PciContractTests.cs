using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

[Collection(WireMockCollection.Name)]
public sealed class PciContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "GetPciClientToken")]
    public async Task GetPciClientToken_returns_the_one_use_token()
    {
        var token = await KeySecure<IPciClient>().GetPciClientTokenAsync(TestData.CardNo, Ct);

        Assert.Equal("cat-one-use-0001", token.ClientAccessToken);
        Assert.Equal(300, token.ExpiresIn);
        await SentWithTokenAsync("GetPciClientToken", $"/merchant/client/{TestData.CardNo}/token");
    }

    [Fact, Trait(OperationTrait, "GetPciCardDetail")]
    public async Task GetPciCardDetail_posts_the_card_no_and_keeps_every_returned_field()
    {
        var detail = await KeySecure<IPciClient>().GetPciCardDetailAsync(new PciCardDetailRequest { CardNo = TestData.CardNo }, Ct);

        Assert.Equal("4111111111111111", ((JsonElement)detail.AdditionalProperties["pan"]).GetString());
        Assert.Equal(TestData.CardNo, ((JsonElement)detail.AdditionalProperties["card_no"]).GetString());
        var request = await SentWithTokenAsync("GetPciCardDetail", "/merchant/pci/card/detail");
        KeySecureWire.AssertBody(request, "GetPciCardDetail", new JsonObject { ["card_no"] = TestData.CardNo });
    }
}
