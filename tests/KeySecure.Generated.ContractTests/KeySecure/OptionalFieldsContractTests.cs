using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

/// <summary>
/// Unset optional request fields must be left out of the body: the provider gives some of them meaning by presence
/// (ApplyCardholder's <c>cardholder_no</c> is sent "only when updating"; ApplyCard takes <c>card_bin_no</c> or
/// <c>package_no</c> by integration mode).
/// </summary>
[Collection(WireMockCollection.Name)]
public sealed class OptionalFieldsContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact]
    public async Task ApplyCardholder_for_a_new_cardholder_omits_cardholder_no()
    {
        await KeySecure<ICardholdersClient>().ApplyCardholderAsync(
            new ApplyCardholderRequest { CardholderUniqueNo = TestData.CardholderUniqueNo, SumsubShareToken = "_act-sbx-jwt-share-token" }, Ct);

        AssertAbsent(await KeySecureWire.SingleAsync(WireMock, "ApplyCardholder", "/cardholder/apply"), "cardholder_no");
    }

    [Fact]
    public async Task ApplyCard_in_authorization_mode_omits_package_no_and_address_info()
    {
        await KeySecure<ICardsClient>().ApplyCardAsync(new ApplyCardRequest
        {
            CardBinNo = "BIN-0001", CardholderNo = TestData.CardholderNo, CardUniqueNo = TestData.CardUniqueNo, CardType = CardType.Virtual,
        }, Ct);

        AssertAbsent(await KeySecureWire.SingleAsync(WireMock, "ApplyCard", "/card/apply"), "package_no", "address_info");
    }

    [Fact]
    public async Task ListCards_sends_only_the_filters_that_are_set()
    {
        await KeySecure<ICardsClient>().ListCardsAsync(new ListCardsRequest { CardholderNo = TestData.CardholderNo }, Ct);

        var sent = await KeySecureWire.SingleAsync(WireMock, "ListCards", "/card/list");
        AssertAbsent(sent, "card_unique_no", "card_no", "start_time", "end_time");
        Assert.Equal(TestData.CardholderNo, (string?)sent.BodyJson()["cardholder_no"]);
    }

    /// <summary>The members are not in the body at all (neither null nor empty), and no other member is sent as null.</summary>
    private static void AssertAbsent(RecordedRequest request, params string[] members)
    {
        var body = request.BodyJson();
        foreach (var member in members)
        {
            Assert.False(body.ContainsKey(member), $"{request}: '{member}' was sent ({body[member]?.ToJsonString() ?? "null"}) instead of being left out.");
        }
        KeySecureWire.AssertNoNulls(request);
    }
}
