using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

[Collection(WireMockCollection.Name)]
public sealed class CardholdersContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "ApplyCardholder")]
    public async Task ApplyCardholder_posts_snake_case_fields_and_returns_the_numbers()
    {
        var result = await KeySecure<ICardholdersClient>().ApplyCardholderAsync(
            new ApplyCardholderRequest { CardholderUniqueNo = TestData.CardholderUniqueNo, SumsubShareToken = "_act-sbx-jwt-share-token" }, Ct);

        Assert.Equal(TestData.CardholderNo, result.CardholderNo);
        Assert.Equal(TestData.CardholderUniqueNo, result.CardholderUniqueNo);
        var request = await SentWithTokenAsync("ApplyCardholder", "/cardholder/apply");
        KeySecureWire.AssertBody(request, "ApplyCardholder", new JsonObject
        {
            ["cardholder_unique_no"] = TestData.CardholderUniqueNo,
            ["sumsub_share_token"] = "_act-sbx-jwt-share-token",
        });
        // That cardholder_no is left out for a new cardholder: OptionalFieldsContractTests.
    }

    [Fact, Trait(OperationTrait, "ListCardholders")]
    public async Task ListCardholders_posts_the_filters_and_returns_the_page()
    {
        var page = await KeySecure<ICardholdersClient>().ListCardholdersAsync(
            new ListCardholdersRequest { CardholderUniqueNo = TestData.CardholderUniqueNo, StartTime = "2024-05-01", EndTime = "2024-05-31 23:59:59", Page = 0, Size = 20 }, Ct);

        Assert.Equal(2, page.List!.Count);
        Assert.Equal(2L, page.Total);
        var first = page.List.First();
        Assert.Equal(TestData.CardholderNo, first.CardholderNo);
        Assert.Equal("alice@example.com", first.Email);
        Assert.Equal(CardholderStatus.Approved, first.Status);
        Assert.Equal(CardholderStatus.Rejected, page.List.Last().Status);
        Assert.Equal("document expired", page.List.Last().FailReason);
        var request = await SentWithTokenAsync("ListCardholders", "/cardholder/list");
        KeySecureWire.AssertBody(request, "ListCardholders", new JsonObject
        {
            ["cardholder_unique_no"] = TestData.CardholderUniqueNo,
            ["start_time"] = "2024-05-01",
            ["end_time"] = "2024-05-31 23:59:59",
            ["page"] = 0,
            ["size"] = 20,
        });
    }

    [Fact, Trait(OperationTrait, "GetCardholder")]
    public async Task GetCardholder_gets_the_path_and_returns_details_with_cards()
    {
        var holder = await KeySecure<ICardholdersClient>().GetCardholderAsync(TestData.CardholderNo, Ct);

        Assert.Equal(TestData.CardholderNo, holder.CardholderNo);
        Assert.Equal(CardholderStatus.Approved, holder.Status);
        Assert.Equal(1250.75m, holder.TotalBalance);
        var card = Assert.Single(holder.CardList!);
        Assert.Equal(TestData.CardNo, card.CardNo);
        Assert.Equal(CardType.Physical, card.CardType);
        Assert.Equal(CardStatus.Activated, card.Status);
        var request = await SentWithTokenAsync("GetCardholder", $"/cardholder/{TestData.CardholderNo}/info");
        Assert.Empty(request.BodyBytes);
    }
}
