using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// An envelope that gives <c>code</c>, <c>msg</c> or <c>data</c> twice is unreadable: read last-wins, <c>"code":0 ...
/// "code":4005</c> would report an applied write as refused.
/// </summary>
public sealed class RepeatedEnvelopeMemberTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData($$"""{"code":0,"msg":"Success","data":{{Detail}},"code":4005}""", "code")]
    [InlineData($$"""{"code":0,"msg":"Success","msg":"card status","data":{{Detail}}}""", "msg")]
    [InlineData($$"""{"code":0,"data":{{Detail}},"msg":"Success","data":null}""", "data")]
    public async Task A_read_answered_with_a_repeated_member_fails_as_unreadable(string body, string member)
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Json(body)), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Contains($"more than one '{member}' member", error.Message);
        Assert.False(error.OutcomeUnknown);
    }

    [Theory]
    [InlineData("""{"code":0,"msg":"Success","data":{"transfer_no":"T1"},"code":4005}""")]
    [InlineData("""{"code":4005,"msg":"refused","code":0,"data":{"transfer_no":"T1"}}""")]
    public async Task A_write_answered_with_two_codes_has_an_unknown_outcome_never_a_refusal(string body)
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Json(body)));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Get<IAccountsClient>().TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" }, Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Null(error.ErrorCode);
        Assert.Equal(1, harness.Provider.CountFor("/transfer"));
    }
}
