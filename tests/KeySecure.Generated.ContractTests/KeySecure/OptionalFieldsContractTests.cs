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

        KeySecureWire.AssertNoNulls(await KeySecureWire.SingleAsync(WireMock, "ApplyCardholder", "/cardholder/apply"));
    }

    [Fact]
    public async Task ApplyCard_in_authorization_mode_omits_package_no_and_address_info()
    {
        await KeySecure<ICardsClient>().ApplyCardAsync(new ApplyCardRequest
        {
            CardBinNo = "BIN-0001", CardholderNo = TestData.CardholderNo, CardUniqueNo = TestData.CardUniqueNo, CardType = CardType.Virtual,
        }, Ct);

        KeySecureWire.AssertNoNulls(await KeySecureWire.SingleAsync(WireMock, "ApplyCard", "/card/apply"));
    }

    [Fact]
    public async Task ListCards_sends_only_the_filters_that_are_set()
    {
        await KeySecure<ICardsClient>().ListCardsAsync(new ListCardsRequest { CardholderNo = TestData.CardholderNo }, Ct);

        KeySecureWire.AssertNoNulls(await KeySecureWire.SingleAsync(WireMock, "ListCards", "/card/list"));
    }
}
