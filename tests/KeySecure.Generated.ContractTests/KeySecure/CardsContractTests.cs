using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

[Collection(WireMockCollection.Name)]
public sealed class CardsContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "ApplyCard")]
    public async Task ApplyCard_posts_a_physical_card_with_its_address_and_returns_the_card_numbers()
    {
        var result = await KeySecure<ICardsClient>().ApplyCardAsync(new ApplyCardRequest
        {
            CardBinNo = "BIN-0001",
            CardholderNo = TestData.CardholderNo,
            CardUniqueNo = TestData.CardUniqueNo,
            CardType = CardType.Physical,
            AddressInfo = new AddressInfo
            {
                FirstName = "Alice", LastName = "Smith", PhoneCode = "86", Phone = "13800000000", PostalCode = "200000",
                Country = "CN", State = "Shanghai", City = "Shanghai", AddressLine1 = "1 Century Avenue",
            },
        }, Ct);

        Assert.Equal(TestData.CardNo, result.CardNo);
        Assert.Equal(TestData.CardUniqueNo, result.CardUniqueNo);
        var request = await SentWithTokenAsync("ApplyCard", "/card/apply");
        KeySecureWire.AssertBody(request, "ApplyCard", new JsonObject
        {
            ["card_bin_no"] = "BIN-0001",
            ["cardholder_no"] = TestData.CardholderNo,
            ["card_unique_no"] = TestData.CardUniqueNo,
            ["card_type"] = "Physical",
        });
        var address = request.BodyJson()["address_info"]!.AsObject();
        foreach (var (name, value) in new Dictionary<string, string>
                 {
                     ["first_name"] = "Alice", ["last_name"] = "Smith", ["phone_code"] = "86", ["phone"] = "13800000000",
                     ["postal_code"] = "200000", ["country"] = "CN", ["state"] = "Shanghai", ["city"] = "Shanghai",
                     ["address_line1"] = "1 Century Avenue",
                 })
        {
            Assert.Equal(value, (string?)address[name]);
        }
    }

    [Fact, Trait(OperationTrait, "ListCards")]
    public async Task ListCards_posts_the_filters_and_returns_the_page()
    {
        var page = await KeySecure<ICardsClient>().ListCardsAsync(new ListCardsRequest { CardholderNo = TestData.CardholderNo, Page = 1, Size = 50 }, Ct);

        Assert.Equal(2, page.List!.Count);
        var virtualCard = page.List.Last();
        Assert.Equal(CardType.Virtual, virtualCard.CardType);
        Assert.Equal(CardStatus.Frozen, virtualCard.Status);
        Assert.Equal("2222", virtualCard.CardLastNo);
        Assert.Equal("VISA", virtualCard.Organization);
        var request = await SentWithTokenAsync("ListCards", "/card/list");
        KeySecureWire.AssertBody(request, "ListCards", new JsonObject { ["cardholder_no"] = TestData.CardholderNo, ["page"] = 1, ["size"] = 50 });
    }

    [Fact, Trait(OperationTrait, "GetCardDetail")]
    public async Task GetCardDetail_returns_the_card_with_its_fee_schedule()
    {
        var card = await KeySecure<ICardsClient>().GetCardDetailAsync(TestData.CardNo, Ct);

        Assert.Equal(TestData.CardNo, card.CardNo);
        Assert.Equal("Alice Travel", card.CardName);
        Assert.Equal("全球旅行", card.PackageNameCn);
        Assert.Equal(CardStatus.Activated, card.Status);
        Assert.Equal(0.50m, card.FeeDetail!.ConsumeCancleFee);
        Assert.Equal(3, card.FeeDetail.FreeSmallConsumeCount);
        Assert.Equal(ExemptionType.Day, card.FeeDetail.FreeSmallExcuseType);
        Assert.Equal(ExemptionType.Forever, card.FeeDetail.DeclineFeeFreeType);
        Assert.Equal(5, card.FeeDetail.DeclineFeeFreeCount);
        await SentWithTokenAsync("GetCardDetail", $"/card/{TestData.CardNo}/detail");
    }

    [Fact, Trait(OperationTrait, "GetCardPrivateInfo")]
    public async Task GetCardPrivateInfo_decrypts_the_aes_data_into_the_private_info()
    {
        // The mapping holds the Base64 AES/ECB ciphertext under the test ApiSecret; check the fixture itself first.
        var wire = (string)ExampleStubs.KeySecureData("GetCardPrivateInfo")!;
        Assert.Contains("\"pan\":\"4111111111111111\"", AesEcb.Decrypt(wire, KeySecureSdk.ApiSecret));

        var info = await KeySecure<ICardsClient>().GetCardPrivateInfoAsync(TestData.CardNo, Ct);

        Assert.Equal(TestData.CardNo, info.CardNo);
        Assert.Equal(TestData.CardUniqueNo, info.CardUniqueNo);
        Assert.Equal("4111111111111111", info.Pan);
        Assert.Equal("123", info.Cvv);
        Assert.Equal("2029", info.ExpYear);
        Assert.Equal("07", info.ExpMonth);
        await SentWithTokenAsync("GetCardPrivateInfo", $"/card/{TestData.CardNo}/private/info");
    }

    [Fact, Trait(OperationTrait, "ActivateCard")]
    public async Task ActivateCard_sends_the_cvv_aes_encrypted_under_the_api_secret()
    {
        var result = await KeySecure<ICardsClient>().ActivateCardAsync(new ActivateCardRequest
        {
            CardholderNo = TestData.CardholderNo, CardNo = TestData.CardNo, Cvv = "321", CardLastNo = "1111",
        }, Ct);

        Assert.True(result.Result);
        var request = await SentWithTokenAsync("ActivateCard", "/card/active");
        var body = KeySecureWire.AssertBody(request, "ActivateCard", new JsonObject
        {
            ["cardholder_no"] = TestData.CardholderNo, ["card_no"] = TestData.CardNo, ["card_last_no"] = "1111",
        });
        var cvv = (string)body["cvv"]!;
        Assert.NotEqual("321", cvv);
        Assert.Equal("321", AesEcb.Decrypt(cvv, KeySecureSdk.ApiSecret));
    }

    [Fact, Trait(OperationTrait, "UpdateCardStatus")]
    public async Task UpdateCardStatus_posts_the_target_status()
    {
        var result = await KeySecure<ICardsClient>().UpdateCardStatusAsync(new UpdateCardStatusRequest { CardNo = TestData.CardNo, Status = TargetCardStatus.Frozen }, Ct);

        Assert.True(result.Result);
        var request = await SentWithTokenAsync("UpdateCardStatus", "/card/status/update");
        KeySecureWire.AssertBody(request, "UpdateCardStatus", new JsonObject { ["card_no"] = TestData.CardNo, ["status"] = "Frozen" });
    }

    [Fact, Trait(OperationTrait, "SetCardPin")]
    public async Task SetCardPin_sends_the_pin_aes_encrypted_under_the_api_secret()
    {
        var result = await KeySecure<ICardsClient>().SetCardPinAsync(new SetCardPinRequest
        {
            CardNo = TestData.CardNo, CardholderNo = TestData.CardholderNo, Pin = "135790",
        }, Ct);

        Assert.True(result.Result);
        var request = await SentWithTokenAsync("SetCardPin", "/card/pin/set");
        var body = KeySecureWire.AssertBody(request, "SetCardPin", new JsonObject { ["card_no"] = TestData.CardNo, ["cardholder_no"] = TestData.CardholderNo });
        var pin = (string)body["pin"]!;
        Assert.NotEqual("135790", pin);
        Assert.Equal("135790", AesEcb.Decrypt(pin, KeySecureSdk.ApiSecret));
    }

    [Fact, Trait(OperationTrait, "ListCardPackages")]
    public async Task ListCardPackages_returns_packages_with_fees_and_limits()
    {
        var page = await KeySecure<ICardsClient>().ListCardPackagesAsync(new ListCardPackagesRequest { PackageNo = "PKG-0001", Page = 0, Size = 10 }, Ct);

        var package = Assert.Single(page.List!);
        Assert.Equal("PKG-0001", package.PackageNo);
        Assert.Equal("BIN-0001", package.CardBinNo);
        Assert.Equal(["travel", "low-fee"], package.EnTagList!);
        Assert.Equal(1.00m, package.FeeDetail!.ManageFee);
        Assert.Equal(3000.00m, package.ConsumptionLimit!.LimitAtmMonthBalance);
        var request = await SentWithTokenAsync("ListCardPackages", "/card/package/list");
        KeySecureWire.AssertBody(request, "ListCardPackages", new JsonObject { ["package_no"] = "PKG-0001", ["page"] = 0, ["size"] = 10 });
    }

    [Fact, Trait(OperationTrait, "ListSupportedBins")]
    public async Task ListSupportedBins_returns_bins_with_currencies_and_limits()
    {
        var page = await KeySecure<ICardsClient>().ListSupportedBinsAsync(new ListSupportedBinsRequest { CardBinNo = "BIN-0001" }, Ct);

        var bin = Assert.Single(page.List!);
        Assert.Equal("411111", bin.CardBin);
        Assert.True(bin.SupportPhysical);
        Assert.True(bin.SupportVirtual);
        Assert.Equal(["USD", "EUR"], bin.Currencies!);
        Assert.Equal(10000.00m, bin.BalanceLimit!.LimitBalance);
        var request = await SentWithTokenAsync("ListSupportedBins", "/card/support/bins");
        KeySecureWire.AssertBody(request, "ListSupportedBins", new JsonObject { ["card_bin_no"] = "BIN-0001" });
    }
}
