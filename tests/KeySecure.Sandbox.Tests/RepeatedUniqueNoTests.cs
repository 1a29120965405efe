using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// A repeated <c>*_unique_no</c> answered each way <see cref="SandboxOptions.RepeatedUniqueNo"/> offers (the provider
/// documents none), for cardholders, cards and transfers, so a merchant can rehearse its recovery against each.
/// </summary>
public sealed class RepeatedUniqueNoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_default_replays_the_first_result()
    {
        Assert.Equal(RepeatedUniqueNoAnswer.ReplayFirst, new SandboxOptions().RepeatedUniqueNo);
    }

    [Fact]
    public async Task ReplayFirst_answers_each_repeat_with_the_first_result_and_creates_nothing()
    {
        await using var sandbox = await SandboxFixture.StartAsync(o => o.RepeatedUniqueNo = RepeatedUniqueNoAnswer.ReplayFirst);
        using var sdk = new Sdk(sandbox);

        var holders = await Twice(() => sdk.Cardholders.ApplyCardholderAsync(Cardholder("replay"), Ct));
        Assert.Equal(holders.First.CardholderNo, holders.Second.CardholderNo);
        Assert.Single((await sdk.Cardholders.ListCardholdersAsync(new ListCardholdersRequest { CardholderUniqueNo = "holder-replay" }, Ct)).List!);

        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var cards = await Twice(() => sdk.Cards.ApplyCardAsync(Card(holder, "card-replay"), Ct));
        Assert.Equal(cards.First.CardNo, cards.Second.CardNo);
        Assert.Single((await sdk.Cards.ListCardsAsync(new ListCardsRequest { CardUniqueNo = "card-replay" }, Ct)).List!);

        var transfers = await Twice(() => sdk.Accounts.TransferFundsAsync(Transfer(holder, "transfer-replay"), Ct));
        Assert.Equal(transfers.First.TransferNo, transfers.Second.TransferNo);
        Assert.Equal(10.00m, await BalanceAsync(sdk, holder));
    }

    [Fact]
    public async Task Error_refuses_each_repeat_and_keeps_the_first_resource()
    {
        await using var sandbox = await SandboxFixture.StartAsync(o => o.RepeatedUniqueNo = RepeatedUniqueNoAnswer.Error);
        using var sdk = new Sdk(sandbox);

        await sdk.Cardholders.ApplyCardholderAsync(Cardholder("error"), Ct);
        var holderRepeat = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cardholders.ApplyCardholderAsync(Cardholder("error"), Ct));
        Assert.Equal(2001, holderRepeat.Code);

        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        await sdk.Cards.ApplyCardAsync(Card(holder, "card-error"), Ct);
        var cardRepeat = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cards.ApplyCardAsync(Card(holder, "card-error"), Ct));
        Assert.Equal(1004, cardRepeat.Code);
        Assert.StartsWith("card_unique_no", cardRepeat.ProviderMessage);
        Assert.Single((await sdk.Cards.ListCardsAsync(new ListCardsRequest { CardUniqueNo = "card-error" }, Ct)).List!);

        await sdk.Accounts.TransferFundsAsync(Transfer(holder, "transfer-error"), Ct);
        var transferRepeat = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Accounts.TransferFundsAsync(Transfer(holder, "transfer-error"), Ct));
        Assert.Equal(1004, transferRepeat.Code);
        Assert.StartsWith("transfer_unique_no", transferRepeat.ProviderMessage);
        Assert.Equal(10.00m, await BalanceAsync(sdk, holder));
    }

    [Fact]
    public async Task NewResource_creates_another_resource_for_each_repeat()
    {
        await using var sandbox = await SandboxFixture.StartAsync(o => o.RepeatedUniqueNo = RepeatedUniqueNoAnswer.NewResource);
        using var sdk = new Sdk(sandbox);

        var holders = await Twice(() => sdk.Cardholders.ApplyCardholderAsync(Cardholder("new"), Ct));
        Assert.NotEqual(holders.First.CardholderNo, holders.Second.CardholderNo);
        Assert.Equal(2, (await sdk.Cardholders.ListCardholdersAsync(new ListCardholdersRequest { CardholderUniqueNo = "holder-new" }, Ct)).List!.Count);

        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var cards = await Twice(() => sdk.Cards.ApplyCardAsync(Card(holder, "card-new"), Ct));
        Assert.NotEqual(cards.First.CardNo, cards.Second.CardNo);
        Assert.Equal(2, (await sdk.Cards.ListCardsAsync(new ListCardsRequest { CardUniqueNo = "card-new" }, Ct)).List!.Count);

        var transfers = await Twice(() => sdk.Accounts.TransferFundsAsync(Transfer(holder, "transfer-new"), Ct));
        Assert.NotEqual(transfers.First.TransferNo, transfers.Second.TransferNo);
        Assert.Equal(20.00m, await BalanceAsync(sdk, holder));
    }

    private static async Task<(T First, T Second)> Twice<T>(Func<Task<T>> call) => (await call(), await call());

    private static ApplyCardholderRequest Cardholder(string suffix) =>
        new() { CardholderUniqueNo = "holder-" + suffix, SumsubShareToken = "sumsub-" + suffix };

    private static ApplyCardRequest Card(string holder, string uniqueNo) =>
        new() { CardholderNo = holder, CardUniqueNo = uniqueNo, CardType = CardType.Virtual, PackageNo = "PKG-VISA-STD" };

    private static TransferFundsRequest Transfer(string holder, string uniqueNo) =>
        new() { CardholderNo = holder, TransferUniqueNo = uniqueNo, Type = TransferType.In, Balance = "10.00" };

    private static async Task<decimal?> BalanceAsync(Sdk sdk, string holder) =>
        Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!).Balance;
}
