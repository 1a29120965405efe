using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// State a merchant's test creates and reads directly on the sandbox, without the API (<see cref="SandboxServer.SeedCardholder"/>,
/// <see cref="SandboxServer.SeedCard"/>, <see cref="SandboxServer.SetBalance"/>, the snapshots), and the journal of the
/// requests it received (<see cref="SandboxServer.Requests"/>); the SDK sees the seeded state through the API.
/// </summary>
public sealed class SeedingTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_seeded_cardholder_is_approved_and_can_get_a_card_at_once()
    {
        using var sdk = fixture.Sdk();
        var uniqueNo = "SEED-" + Guid.NewGuid().ToString("N");

        var holder = fixture.Sandbox.SeedCardholder(uniqueNo);

        Assert.Equal(CardholderStatus.Approved, (await sdk.Cardholders.GetCardholderAsync(holder, Ct)).Status);
        var card = await SandboxFixture.CardAsync(sdk, holder, "Virtual");
        Assert.Equal(new SandboxCardholder(holder, uniqueNo, "Approved", 0.00m), Assert.Single(fixture.Sandbox.Cardholders, h => h.CardholderNo == holder));
        Assert.Equal("Activated", Assert.Single(fixture.Sandbox.Cards, k => k.CardNo == card.CardNo).Status);
    }

    [Theory]
    [InlineData("Frozen", false)]
    [InlineData("ToActivate", true)]
    [InlineData("Delete", false)]
    public async Task A_card_seeded_in_a_status_is_read_in_that_status_through_the_sdk(string status, bool physical)
    {
        using var sdk = fixture.Sdk();
        var holder = fixture.Sandbox.SeedCardholder();

        var card = fixture.Sandbox.SeedCard(holder, status, physical);

        var detail = await sdk.Cards.GetCardDetailAsync(card, Ct);
        Assert.Equal((status, physical ? "Physical" : "Virtual"), (detail.Status!.Value.ToString(), detail.CardType!.Value.ToString()));
        Assert.Equal(new SandboxCard(card, Assert.Single(fixture.Sandbox.Cards, k => k.CardNo == card).CardUniqueNo, holder, physical ? "Physical" : "Virtual", status),
            Assert.Single(fixture.Sandbox.Cards, k => k.CardNo == card));
    }

    [Fact]
    public async Task A_balance_set_directly_is_the_accounts_balance_and_transfers_are_read_back()
    {
        using var sdk = fixture.Sdk();
        var holder = fixture.Sandbox.SeedCardholder();

        fixture.Sandbox.SetBalance(holder, 150.5m);
        Assert.Equal(150.50m, Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!).Balance);
        var uniqueNo = "TR-" + Guid.NewGuid().ToString("N");
        var transfer = await sdk.Accounts.TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = uniqueNo, Type = TransferType.Out, Balance = "50.00" }, Ct);

        Assert.Equal(new SandboxTransfer(transfer.TransferNo!, uniqueNo, holder, "Out", 50.00m, 100.50m),
            Assert.Single(fixture.Sandbox.Transfers, t => t.TransferUniqueNo == uniqueNo));
        Assert.Equal(100.50m, Assert.Single(fixture.Sandbox.Cardholders, h => h.CardholderNo == holder).Balance);
    }

    [Fact]
    public async Task A_seeded_consumption_is_read_through_the_sdk_and_in_the_snapshot()
    {
        using var sdk = fixture.Sdk();
        var holder = fixture.Sandbox.SeedCardholder();
        var card = fixture.Sandbox.SeedCard(holder);

        var consumeNo = fixture.Sandbox.SeedConsumption(card, 42.5m, type: "Refund", status: "Success", currency: "EUR");

        var detail = await sdk.Consumptions.GetConsumptionAsync(consumeNo, Ct);
        Assert.Equal((42.50m, ConsumptionType.Refund, "EUR"), (detail.Amount, detail.Type, detail.LocalCurrency));
        var listed = Assert.Single((await sdk.Consumptions.ListConsumptionsAsync(new ListConsumptionsRequest { CardNo = card }, Ct)).List!);
        Assert.Equal(consumeNo, listed.ConsumeNo);
        Assert.Equal(new SandboxConsumption(consumeNo, null, card, holder, "Refund", "Success", 42.50m, "EUR", 0m),
            Assert.Single(fixture.Sandbox.Consumptions, c => c.ConsumeNo == consumeNo));
        Assert.Throws<ArgumentException>(() => fixture.Sandbox.SeedConsumption(card, 1m, type: "Cashback"));
        Assert.Throws<ArgumentException>(() => fixture.Sandbox.SeedConsumption("C-NONE", 1m));
    }

    [Fact]
    public async Task A_seeded_transfer_moves_the_balance_and_is_listed_by_its_unique_no()
    {
        using var sdk = fixture.Sdk();
        var holder = fixture.Sandbox.SeedCardholder();
        var uniqueNo = "TR-" + Guid.NewGuid().ToString("N");

        var transferIn = fixture.Sandbox.SeedTransfer(holder, 80m);
        var transferOut = fixture.Sandbox.SeedTransfer(holder, 30.25m, "Out", uniqueNo);

        var listed = Assert.Single((await sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = uniqueNo }, Ct)).List!);
        Assert.Equal((transferOut, 30.25m, 80.00m, 49.75m), (listed.TransferNo, listed.Balance, listed.BeforeBalance, listed.AfterBalance));
        Assert.Equal(49.75m, Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!).Balance);
        Assert.Equal([transferIn, transferOut], fixture.Sandbox.Transfers.Where(t => t.CardholderNo == holder).Select(t => t.TransferNo));
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Sandbox.SeedTransfer(holder, 50m, "Out"));
        Assert.Throws<ArgumentException>(() => fixture.Sandbox.SeedTransfer(holder, 1m, "In", uniqueNo));
        Assert.Equal(49.75m, Assert.Single(fixture.Sandbox.Cardholders, h => h.CardholderNo == holder).Balance);
    }

    [Fact]
    public async Task The_journal_holds_every_request_as_received_with_its_operation_including_faulted_ones()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        using var sdk = new Sdk(sandbox, getsFaults: true);
        var holder = sandbox.SeedCardholder();
        sandbox.FailNext("GetCardholderAccounts", SandboxFault.ProviderCode(2002));

        await Assert.ThrowsAnyAsync<Exception>(() => sdk.Accounts.GetCardholderAccountsAsync(holder, Ct));
        await sdk.Cards.ListCardsAsync(new ListCardsRequest { CardholderNo = holder, Size = 5 }, Ct);

        var requests = sandbox.Requests;
        Assert.Equal(["GetToken", "GetCardholderAccounts", "ListCards"], requests.Select(r => r.OperationId));
        Assert.Equal("/open-api/v1/account/" + holder + "/info", requests[1].PathAndQuery);
        Assert.Contains(holder, requests[2].Body, StringComparison.Ordinal);
        Assert.Equal("POST /open-api/v1/card/list", requests[2].ToString());
        Assert.True(requests[2].Headers.ContainsKey("Access-Token"));
        Assert.DoesNotContain(requests[2].Headers["Access-Token"], requests[2].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Seeding_refuses_what_the_sandbox_cannot_hold()
    {
        var holder = fixture.Sandbox.SeedCardholder();

        var status = Assert.Throws<ArgumentException>(() => fixture.Sandbox.SeedCard(holder, "Lost"));
        Assert.Contains("Frozen", status.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => fixture.Sandbox.SeedCard("U-missing"));
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Sandbox.SetBalance(holder, -1m));
    }
}
