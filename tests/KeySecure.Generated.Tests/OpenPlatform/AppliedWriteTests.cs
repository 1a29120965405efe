using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>A write answered <c>code 0</c> was applied, even when its data cannot be read.</summary>
public sealed class AppliedWriteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TransferFundsRequest Transfer() => new() { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" };

    [Fact]
    public async Task A_transfer_whose_balances_cannot_be_read_reports_that_it_was_applied()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Envelope("""{"transfer_no":"T1","before_balance":"one hundred","after_balance":"4111111111111111"}""")));

        var error = await Assert.ThrowsAsync<AppliedWriteUnreadableException>(() => harness.Get<IAccountsClient>().TransferFundsAsync(Transfer(), Ct));

        Assert.True(error.ProviderApplied);
        Assert.False(error.IsTransient);
        Assert.Equal("TransferFunds", error.OperationId);
        Assert.Contains("applied", error.Message);
        Assert.Contains("one hundred", error.BodyExcerpt);
        Assert.DoesNotContain("4111111111111111", error.Message);
        Assert.DoesNotContain("4111111111111111", error.BodyExcerpt);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
        Assert.Equal(1, harness.Provider.CountFor("/account/transfer"));
    }

    [Fact]
    public async Task An_activation_whose_data_is_not_an_object_reports_that_it_was_applied()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("\"done\"")));

        var error = await Assert.ThrowsAsync<AppliedWriteUnreadableException>(() => harness.Cards.UpdateCardStatusAsync(
            new UpdateCardStatusRequest { CardNo = "C1", Status = TargetCardStatus.Frozen }, Ct));

        Assert.Equal("UpdateCardStatus", error.OperationId);
    }

    [Fact]
    public async Task A_readable_write_answer_is_returned()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Envelope("""{"transfer_no":"T1","before_balance":"0.00","after_balance":10}""")));

        var result = await harness.Get<IAccountsClient>().TransferFundsAsync(Transfer(), Ct);

        Assert.Equal((0.00m, 10m), (result.BeforeBalance, result.AfterBalance));
    }

    [Fact]
    public async Task An_unreadable_read_is_a_plain_response_failure()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Envelope("""{"card_no":"C1","fee_detail":{"open_cost":"five"}}""")));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.IsNotType<AppliedWriteUnreadableException>(error);
    }
}
