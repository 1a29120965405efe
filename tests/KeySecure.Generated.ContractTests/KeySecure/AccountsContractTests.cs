using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.Exceptions;
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

    [Fact, Trait(OperationTrait, "TransferFunds")]
    public async Task TransferFunds_sends_an_amount_with_fewer_decimals_as_the_documented_2_decimal_string()
    {
        await KeySecure<IAccountsClient>().TransferFundsAsync(new TransferFundsRequest
        {
            CardholderNo = TestData.CardholderNo, TransferUniqueNo = TestData.TransferUniqueNo, Type = TransferType.In, Balance = "50.5",
        }, Ct);

        var request = await SentWithTokenAsync("TransferFunds", "/account/transfer");
        Assert.Equal("50.50", (string?)request.BodyJson()["balance"]);
    }

    [Theory, Trait(OperationTrait, "TransferFunds")]
    [InlineData("100.005")]
    [InlineData("0")]
    [InlineData("-1.00")]
    [InlineData("1e3")]
    [InlineData("1,000.00")]
    [InlineData(" 10.00")]
    [InlineData("ten")]
    public async Task TransferFunds_refuses_a_balance_that_is_not_a_positive_2_decimal_amount_before_sending(string balance)
    {
        var error = await Assert.ThrowsAsync<KeySecureValidationException>(() => KeySecure<IAccountsClient>().TransferFundsAsync(new TransferFundsRequest
        {
            CardholderNo = TestData.CardholderNo, TransferUniqueNo = TestData.TransferUniqueNo, Type = TransferType.In, Balance = balance,
        }, Ct));

        Assert.Equal("balance", error.Field);
        Assert.Contains("'balance'", error.Message);
        Assert.Contains("Nothing was sent", error.Message);
        Assert.Empty(await WireMock.RequestsAsync("POST", Stubs.KeySecurePrefix + "/account/transfer"));
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
