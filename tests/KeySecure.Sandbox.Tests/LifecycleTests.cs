using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>The whole merchant lifecycle through the real SDK against the in-process sandbox.</summary>
public sealed class LifecycleTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_is_issued_with_an_absolute_millisecond_expiry_24_hours_ahead()
    {
        using var sdk = fixture.Sdk();
        var token = await sdk.Token.GetTokenAsync(Ct);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds(token.ExpiredTime!.Value);
        Assert.InRange(expiry - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
    }

    [Fact]
    public async Task Cardholder_kyc_goes_from_pending_to_approved_after_the_first_read_and_is_listed()
    {
        using var sdk = fixture.Sdk();
        var uniqueNo = "CH-" + Guid.NewGuid().ToString("N");
        var applied = await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = uniqueNo, SumsubShareToken = "sumsub-ok" }, Ct);
        var again = await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = uniqueNo, SumsubShareToken = "sumsub-ok" }, Ct);
        Assert.Equal(applied.CardholderNo, again.CardholderNo);

        Assert.Equal(CardholderStatus.Pending, (await sdk.Cardholders.GetCardholderAsync(applied.CardholderNo!, Ct)).Status);
        var approved = await sdk.Cardholders.GetCardholderAsync(applied.CardholderNo!, Ct);
        Assert.Equal(CardholderStatus.Approved, approved.Status);
        Assert.Equal(0.00m, approved.TotalBalance);
        Assert.Equal(uniqueNo, approved.CardholderUniqueNo);

        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var page = await sdk.Cardholders.ListCardholdersAsync(new ListCardholdersRequest { CardholderUniqueNo = uniqueNo, StartTime = today, EndTime = today }, Ct);
        var item = Assert.Single(page.List!);
        Assert.Equal(applied.CardholderNo, item.CardholderNo);
        Assert.Equal(CardholderStatus.Approved, item.Status);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Rejected_kyc_carries_a_fail_reason()
    {
        using var sdk = fixture.Sdk();
        var no = await SandboxFixture.ApprovedCardholderAsync(sdk, token: "reject-me");
        var page = await sdk.Cardholders.ListCardholdersAsync(new ListCardholdersRequest { CardholderNo = no }, Ct);
        var item = Assert.Single(page.List!);
        Assert.Equal(CardholderStatus.Rejected, item.Status);
        Assert.False(string.IsNullOrEmpty(item.FailReason));
    }

    [Fact]
    public async Task Virtual_card_is_issued_once_per_unique_no_and_shows_detail_private_info_and_list()
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var request = new ApplyCardRequest
        {
            CardholderNo = holder,
            CardUniqueNo = "CARD-" + Guid.NewGuid().ToString("N"),
            CardType = CardType.Virtual,
            CardBinNo = "BIN-VISA-493193",
            AddressInfo = new AddressInfo { PostalCode = "049315", Country = "SG", State = "Singapore", City = "Singapore", AddressLine1 = "1 Raffles Place" },
        };
        var card = await sdk.Cards.ApplyCardAsync(request, Ct);
        var repeat = await sdk.Cards.ApplyCardAsync(request, Ct);
        Assert.Equal(card.CardNo, repeat.CardNo);

        var list = await sdk.Cards.ListCardsAsync(new ListCardsRequest { CardholderNo = holder }, Ct);
        Assert.Equal(card.CardNo, Assert.Single(list.List!).CardNo);

        var detail = await sdk.Cards.GetCardDetailAsync(card.CardNo!, Ct);
        Assert.Equal(CardStatus.Activated, detail.Status);
        Assert.Equal(CardType.Virtual, detail.CardType);
        Assert.Equal("Visa", detail.Organization);
        Assert.NotNull(detail.FeeDetail);
        Assert.Equal(5.00m, detail.FeeDetail!.OpenCost);

        var secret = await sdk.Cards.GetCardPrivateInfoAsync(card.CardNo!, Ct);
        Assert.Equal(card.CardNo, secret.CardNo);
        Assert.StartsWith("493193", secret.Pan);
        Assert.Equal(secret.Pan![^1], Luhn.CheckDigit(secret.Pan.AsSpan(0, secret.Pan.Length - 1)));
        Assert.Equal(detail.CardLastNo, secret.Pan![^4..]);
        Assert.Matches("^[0-9]{3}$", secret.Cvv);
        Assert.Matches("^(0[1-9]|1[0-2])$", secret.ExpMonth);

        var holderInfo = await sdk.Cardholders.GetCardholderAsync(holder, Ct);
        Assert.Equal(card.CardNo, Assert.Single(holderInfo.CardList!).CardNo);
    }

    [Fact]
    public async Task Physical_card_is_activated_with_its_cvv_then_takes_a_pin_and_sends_card_update_webhooks()
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = await SandboxFixture.CardAsync(sdk, holder, "Physical", withPackage: true);
        Assert.Equal(CardStatus.ToActivate, (await sdk.Cards.GetCardDetailAsync(card.CardNo!, Ct)).Status);

        var secret = await sdk.Cards.GetCardPrivateInfoAsync(card.CardNo!, Ct);
        var wrongCvv = secret.Cvv == "000" ? "001" : "000";
        var wrong = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cards.ActivateCardAsync(
            new ActivateCardRequest { CardNo = card.CardNo!, CardholderNo = holder, Cvv = wrongCvv, CardLastNo = secret.Pan![^4..] }, Ct));
        Assert.Equal(1004, wrong.Code);
        Assert.StartsWith("cvv", wrong.ProviderMessage);

        var activated = await sdk.Cards.ActivateCardAsync(
            new ActivateCardRequest { CardNo = card.CardNo!, CardholderNo = holder, Cvv = secret.Cvv!, CardLastNo = secret.Pan![^4..] }, Ct);
        Assert.True(activated.Result);
        Assert.Equal(CardStatus.Activated, (await sdk.Cards.GetCardDetailAsync(card.CardNo!, Ct)).Status);

        var pin = await sdk.Cards.SetCardPinAsync(new SetCardPinRequest { CardNo = card.CardNo!, CardholderNo = holder, Pin = "135790" }, Ct);
        Assert.True(pin.Result);

        var update = await fixture.Receiver.WaitForAsync(w => w.Action == "Card_update" && w.Data.GetProperty("card_no").GetString() == card.CardNo);
        Assert.True(update.SignatureValid);
        Assert.True(update.SdkVerified);
        Assert.Equal("ToActivate", update.Data.GetProperty("before_status").GetString());
        Assert.Equal("Activated", update.Data.GetProperty("after_status").GetString());
        Assert.Equal("V1", update.SignVersion);
        Assert.Equal("UTC+8", update.Timezone);
    }

    [Fact]
    public async Task Freeze_unfreeze_and_delete_follow_the_allowed_transitions()
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = (await SandboxFixture.CardAsync(sdk, holder, "Virtual")).CardNo!;

        Assert.True((await sdk.Cards.UpdateCardStatusAsync(new UpdateCardStatusRequest { CardNo = card, Status = TargetCardStatus.Frozen }, Ct)).Result);
        Assert.Equal(CardStatus.Frozen, (await sdk.Cards.GetCardDetailAsync(card, Ct)).Status);
        var frozenAuth = await Assert.ThrowsAsync<KeySecureApiException>(() =>
            sdk.Simulations.SimulateAuthAsync(new SimulationRequest { CardNo = card, Amount = "1.00" }, Ct));
        Assert.Equal(4005, frozenAuth.Code);

        await sdk.Cards.UpdateCardStatusAsync(new UpdateCardStatusRequest { CardNo = card, Status = TargetCardStatus.Activated }, Ct);
        await sdk.Cards.UpdateCardStatusAsync(new UpdateCardStatusRequest { CardNo = card, Status = TargetCardStatus.Delete }, Ct);
        var final = await Assert.ThrowsAsync<KeySecureApiException>(() =>
            sdk.Cards.UpdateCardStatusAsync(new UpdateCardStatusRequest { CardNo = card, Status = TargetCardStatus.Activated }, Ct));
        Assert.Equal(4005, final.Code);

        var deleted = await fixture.Receiver.WaitForAsync(w => w.Action == "Card_update" && w.Data.GetProperty("card_no").GetString() == card
            && w.Data.GetProperty("after_status").GetString() == "Delete");
        Assert.True(deleted.SignatureValid);
        var forCard = fixture.Receiver.Received.Where(w => w.Action == "Card_update" && w.Data.GetProperty("card_no").GetString() == card)
            .Select(w => w.Data.GetProperty("after_status").GetString()).ToList();
        Assert.Equal(["Frozen", "Activated", "Delete"], forCard);
    }

    [Fact]
    public async Task Simulations_move_consumptions_through_their_states_and_send_signed_webhooks()
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = (await SandboxFixture.CardAsync(sdk, holder, "Virtual")).CardNo!;

        var auth = await sdk.Simulations.SimulateAuthAsync(new SimulationRequest { CardNo = card, Amount = "12.34", Currency = "USD" }, Ct);
        var authHook = await fixture.Receiver.WaitForAsync(w => w.Action == "Auth" && w.Data.GetProperty("consume_no").GetString() == auth.ConsumeNo);
        Assert.True(authHook.SignatureValid);
        Assert.True(authHook.SdkVerified);
        Assert.Equal("Pending", authHook.Data.GetProperty("status").GetString());
        Assert.Equal(12.34m, authHook.Data.GetProperty("amount").GetDecimal());
        Assert.Equal(holder, authHook.Data.GetProperty("cardholder_no").GetString());
        Assert.Equal("Pending", (await sdk.Consumptions.GetConsumptionAsync(auth.ConsumeNo!, Ct)).AdditionalProperties["status"].ToString());

        await sdk.Simulations.SimulateConsumptionClearAsync(new SimulationRequest { CardNo = card, ConsumeNo = auth.ConsumeNo }, Ct);
        var cleared = await fixture.Receiver.WaitForAsync(w => w.Action == "Consumption" && w.Data.GetProperty("consume_no").GetString() == auth.ConsumeNo);
        Assert.True(cleared.SignatureValid);
        Assert.True(cleared.SdkVerified);
        Assert.Equal("Success", cleared.Data.GetProperty("status").GetString());
        Assert.Equal(0.19m, cleared.Data.GetProperty("fee").GetDecimal());
        Assert.Equal("Consume_fee", cleared.Data.GetProperty("fee_detail")[0].GetProperty("fee_type").GetString());
        var detail = await sdk.Consumptions.GetConsumptionAsync(auth.ConsumeNo!, Ct);
        Assert.Equal(12.34m, detail.Amount);
        Assert.Equal(0.19m, detail.Fee);
        Assert.Equal(ConsumptionType.Consumption, detail.Type);

        var refund = await sdk.Simulations.SimulateRefundAsync(new SimulationRequest { CardNo = card, ConsumeNo = auth.ConsumeNo, Amount = "2.00" }, Ct);
        var refundHook = await fixture.Receiver.WaitForAsync(w => w.Action == "Consumption" && w.Data.GetProperty("consume_no").GetString() == refund.ConsumeNo);
        Assert.Equal("Refund", refundHook.Data.GetProperty("type").GetString());
        Assert.Equal(auth.ConsumeNo, refundHook.Data.GetProperty("consume_relate_no").GetString());

        var declined = await sdk.Simulations.SimulateAuthAsync(new SimulationRequest { CardNo = card, Amount = "5" }, Ct);
        await sdk.Simulations.SimulateConsumptionFailAsync(new SimulationRequest { CardNo = card, ConsumeNo = declined.ConsumeNo }, Ct);
        var failHook = await fixture.Receiver.WaitForAsync(w => w.Action == "Consumption" && w.Data.GetProperty("consume_no").GetString() == declined.ConsumeNo);
        Assert.Equal("Fail", failHook.Data.GetProperty("status").GetString());

        var reversed = await sdk.Simulations.SimulateAuthAsync(new SimulationRequest { CardNo = card, Amount = "7.50" }, Ct);
        var reversal = await sdk.Simulations.SimulateReversalAsync(new SimulationRequest { CardNo = card, ConsumeNo = reversed.ConsumeNo }, Ct);
        var reversalHook = await fixture.Receiver.WaitForAsync(w => w.Action == "Consumption" && w.Data.GetProperty("consume_no").GetString() == reversal.ConsumeNo);
        Assert.Equal("Reversal", reversalHook.Data.GetProperty("type").GetString());
        Assert.Equal(7.5m, reversalHook.Data.GetProperty("amount").GetDecimal());

        var page = await sdk.Consumptions.ListConsumptionsAsync(new ListConsumptionsRequest { CardNo = card, Size = 2 }, Ct);
        Assert.Equal(5, page.Total);
        Assert.Equal(2, page.List!.Count);
        var all = await sdk.Consumptions.ListConsumptionsAsync(new ListConsumptionsRequest { CardNo = card, Page = 0, Size = 100 }, Ct);
        Assert.Equal(["Reversal", "Consumption", "Consumption", "Refund", "Consumption"], all.List!.Select(x => x.Type!.Value.Value).ToArray());
        var paged = new List<ConsumptionSummary>();
        await foreach (var item in sdk.Consumptions.ListAllConsumptionsAsync(new ListConsumptionsRequest { CardNo = card, Size = 2 }, Ct)) paged.Add(item);
        Assert.Equal(all.List!.Select(x => x.ConsumeNo), paged.Select(x => x.ConsumeNo));

        var delivery = await fixture.Sandbox.WaitForWebhookAsync(d => d.Body.Contains(reversal.ConsumeNo!, StringComparison.Ordinal), Ct);
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
    }

    [Fact]
    public async Task Transfers_move_money_once_per_unique_no_and_never_below_zero()
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var inNo = "TR-" + Guid.NewGuid().ToString("N");

        var first = await sdk.Accounts.TransferFundsAsync(new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = inNo, Type = TransferType.In, Balance = "100.00" }, Ct);
        var repeat = await sdk.Accounts.TransferFundsAsync(new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = inNo, Type = TransferType.In, Balance = "100.00" }, Ct);
        Assert.Equal(((decimal?)0.00m, (decimal?)100.00m), (first.BeforeBalance, first.AfterBalance));
        Assert.Equal(first.TransferNo, repeat.TransferNo);
        Assert.Equal(100.00m, repeat.AfterBalance);

        var out1 = await sdk.Accounts.TransferFundsAsync(new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = "TR-" + Guid.NewGuid().ToString("N"), Type = TransferType.Out, Balance = "30.5" }, Ct);
        Assert.Equal(((decimal?)100.00m, (decimal?)69.50m), (out1.BeforeBalance, out1.AfterBalance));

        var tooMuch = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Accounts.TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = "TR-" + Guid.NewGuid().ToString("N"), Type = TransferType.Out, Balance = "69.51" }, Ct));
        Assert.Equal(1004, tooMuch.Code);
        Assert.Equal("balance insufficient", tooMuch.ProviderMessage);

        var account = Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!);
        Assert.Equal(("TUSDT", (decimal?)69.50m), (account.Symbol, account.Balance));
        Assert.Equal(69.50m, (await sdk.Cardholders.GetCardholderAsync(holder, Ct)).TotalBalance);

        var transfers = await sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { CardholderNo = holder }, Ct);
        Assert.Equal(2, transfers.Total);
        Assert.Equal([TransferType.Out, TransferType.In], transfers.List!.Select(t => t.Type!.Value).ToArray());
    }

    [Fact]
    public async Task Packages_and_bins_are_listed_with_paging()
    {
        using var sdk = fixture.Sdk();
        var packages = await sdk.Cards.ListCardPackagesAsync(new ListCardPackagesRequest(), Ct);
        Assert.Equal(2, packages.Total);
        Assert.Contains(packages.List!, p => p.PackageNo == "PKG-VISA-STD" && p.FeeDetail is not null && p.ConsumptionLimit is not null);
        var bins = await sdk.Cards.ListSupportedBinsAsync(new ListSupportedBinsRequest { Page = 1, Size = 1 }, Ct);
        Assert.Equal(2, bins.Total);
        Assert.Equal("BIN-MC-522981", Assert.Single(bins.List!).CardBinNo);
    }

    [Fact]
    public async Task Pci_client_token_is_one_use_and_pci_detail_is_masked()
    {
        // client_access_token in the detail request is the sandbox's extension, not in the spec.
        using var sdk = fixture.Sdk(sendsOffSpecRequests: true);
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = (await SandboxFixture.CardAsync(sdk, holder, "Virtual")).CardNo!;

        var token = await sdk.Pci.GetPciClientTokenAsync(card, Ct);
        Assert.Equal(300, token.ExpiresIn);
        var request = new PciCardDetailRequest { CardNo = card };
        request.AdditionalProperties["client_access_token"] = token.ClientAccessToken!;
        var detail = await sdk.Pci.GetPciCardDetailAsync(request, Ct);
        Assert.Matches("^493193\\*{6}[0-9]{4}$", detail.AdditionalProperties["masked_pan"].ToString());

        var reused = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Pci.GetPciCardDetailAsync(request, Ct));
        Assert.Equal(1014, reused.Code);
    }

    [Fact]
    public async Task Webhooks_are_retried_until_the_merchant_answers_code_0()
    {
        await using var receiver = await WebhookReceiver.StartAsync(fixture.Sandbox.Credentials.ApiKey, fixture.Sandbox.Credentials.ApiSecret);
        await using var sandbox = await SandboxFixture.StartAsync(o => o.WebhookUrl = receiver.Url);
        using var own = new Sdk(sandbox);
        var ownHolder = await SandboxFixture.ApprovedCardholderAsync(own);
        var ownCard = (await SandboxFixture.CardAsync(own, ownHolder, "Virtual")).CardNo!;

        receiver.FailNext = 2;
        var auth = await own.Simulations.SimulateAuthAsync(new SimulationRequest { CardNo = ownCard, Amount = "1.00" }, Ct);
        var delivery = await sandbox.WaitForWebhookAsync(d => d.Body.Contains(auth.ConsumeNo!, StringComparison.Ordinal), Ct);

        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(3, receiver.Received.Count(r => r.Body == delivery.Body));
    }

    [Fact]
    public async Task A_clock_ahead_of_the_merchant_is_learned_from_the_Date_header()
    {
        var ahead = new OffsetTimeProvider(TimeSpan.FromMinutes(10));
        await using var sandbox = await SandboxFixture.StartAsync(o => o.TimeProvider = ahead);
        using var sdk = new Sdk(sandbox);

        // The first stamp is 10 minutes old for the sandbox: 1005, whose Date header teaches the SDK the offset; the replay passes.
        var token = await sdk.Token.GetTokenAsync(Ct);
        Assert.NotNull(token.AccessToken);
        var no = await SandboxFixture.ApprovedCardholderAsync(sdk);
        Assert.StartsWith("U", no);
    }

    [Fact]
    public async Task State_file_keeps_credentials_and_data_across_restarts()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ks-sandbox-{Guid.NewGuid():N}.json");
        try
        {
            string holder;
            SandboxCredentials credentials;
            await using (var first = await SandboxServer.StartAsync(new SandboxOptions { StateFile = file, Credentials = SandboxFixture.SharedCredentials.Value }, Ct))
            {
                using var sdk = new Sdk(first);
                holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
                await sdk.Accounts.TransferFundsAsync(new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = "persist-1", Type = TransferType.In, Balance = "12.00" }, Ct);
                credentials = first.Credentials;
            }

            await using var second = await SandboxServer.StartAsync(new SandboxOptions { StateFile = file }, Ct);
            Assert.Equal(credentials.ApiKey, second.Credentials.ApiKey);
            using var again = new Sdk(second);
            var info = await again.Cardholders.GetCardholderAsync(holder, Ct);
            Assert.Equal(CardholderStatus.Approved, info.Status);
            Assert.Equal(12.00m, info.TotalBalance);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, Ct));
            Assert.Equal("keysecure-sandbox-state", document.RootElement.GetProperty("Format").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("Version").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
