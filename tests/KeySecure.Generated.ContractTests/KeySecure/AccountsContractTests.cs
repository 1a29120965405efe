using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

[Collection(WireMockCollection.Name)]
public sealed class AccountsContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "TransferFunds")]
    public async Task TransferFunds_posts_the_transfer_and_returns_the_balances()
    {
        var result = await KeySecure<IAccountsClient>().TransferFundsAsync(new TransferFundsRequest
        {
            CardholderNo = TestData.CardholderNo, TransferUniqueNo = TestData.TransferUniqueNo, Type = TransferType.In, Balance = "50.00",
        }, Ct);

        Assert.Equal("TR1790000000301", result.TransferNo);
        Assert.Equal(TestData.TransferUniqueNo, result.TransferUniqueNo);
        Assert.Equal(100.00m, result.BeforeBalance);
        Assert.Equal(150.00m, result.AfterBalance);
        var request = await SentWithTokenAsync("TransferFunds", "/account/transfer");
        KeySecureWire.AssertBody(request, "TransferFunds", new JsonObject
        {
            ["cardholder_no"] = TestData.CardholderNo, ["transfer_unique_no"] = TestData.TransferUniqueNo, ["type"] = "In", ["balance"] = "50.00",
        });
    }

    [Fact, Trait(OperationTrait, "GetCardholderAccounts")]
    public async Task GetCardholderAccounts_returns_the_accounts()
    {
        var accounts = await KeySecure<IAccountsClient>().GetCardholderAccountsAsync(TestData.CardholderNo, Ct);

        var account = Assert.Single(accounts.List!);
        Assert.Equal("TUSDT", account.Symbol);
        Assert.Equal("TRC20", account.SymbolChain);
        Assert.Equal(150.00m, account.Balance);
        await SentWithTokenAsync("GetCardholderAccounts", $"/account/{TestData.CardholderNo}/info");
    }

    [Fact, Trait(OperationTrait, "ListTransfers")]
    public async Task ListTransfers_posts_the_filters_and_returns_the_page()
    {
        var page = await KeySecure<IAccountsClient>().ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = TestData.TransferUniqueNo }, Ct);

        var transfer = Assert.Single(page.List!);
        Assert.Equal(TransferType.In, transfer.Type);
        Assert.Equal(CommonStatus.Success, transfer.Status);
        Assert.Equal(50.00m, transfer.Balance);
        var request = await SentWithTokenAsync("ListTransfers", "/account/transfer/list");
        KeySecureWire.AssertBody(request, "ListTransfers", new JsonObject { ["transfer_unique_no"] = TestData.TransferUniqueNo });
    }
}
