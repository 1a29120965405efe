using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>Parameter rules (1004 messages start with the field), modes, KYC timing and concurrency.</summary>
public sealed class RulesTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> CardApplyProblems => new()
    {
        { "physical-no-address", "address_info" },
        { "physical-no-first-name", "first_name" },
        { "phone-code-plus", "phone_code" },
        { "virtual-partial-address", "city" },
        { "unique-no-too-long", "card_unique_no" },
        { "unknown-package", "package_no" },
        { "unknown-bin", "card_bin_no" },
        { "physical-on-virtual-only-bin", "card_type" },
    };

    [Theory]
    [MemberData(nameof(CardApplyProblems))]
    public async Task Card_apply_parameter_errors_are_1004_naming_the_field(string problem, string field)
    {
        using var sdk = fixture.Sdk(sendsOffSpecRequests: true);
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var request = new ApplyCardRequest
        {
            CardholderNo = holder,
            CardUniqueNo = "CARD-" + Guid.NewGuid().ToString("N"),
            CardType = CardType.Physical,
            CardBinNo = "BIN-VISA-493193",
            AddressInfo = SandboxFixture.Address(),
        };
        switch (problem)
        {
            case "physical-no-address": request.AddressInfo = null; break;
            case "physical-no-first-name": request.AddressInfo!.FirstName = null; break;
            case "phone-code-plus": request.AddressInfo!.PhoneCode = "+65"; break;
            case "virtual-partial-address":
                request.CardType = CardType.Virtual;
                // Blank, not null: the SDK itself refuses a null required field before sending; the sandbox must catch a blank one.
                request.AddressInfo = new AddressInfo { PostalCode = "1", Country = "SG", State = "SG", City = " ", AddressLine1 = "1 Road" };
                break;
            case "unique-no-too-long": request.CardUniqueNo = new string('x', 65); break;
            case "unknown-package": request.CardBinNo = null; request.PackageNo = "PKG-NOPE"; break;
            case "unknown-bin": request.CardBinNo = "BIN-NOPE"; break;
            case "physical-on-virtual-only-bin": request.CardBinNo = "BIN-MC-522981"; break;
        }

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cards.ApplyCardAsync(request, Ct));

        Assert.Equal(1004, error.Code);
        Assert.StartsWith(field + " ", error.ProviderMessage);
    }

    [Fact]
    public async Task Credit_only_merchant_rejects_authorization_mode_operations_with_1012()
    {
        await using var sandbox = await SandboxFixture.StartAsync(o => o.Mode = MerchantMode.CreditOnly);
        using var sdk = new Sdk(sandbox);
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);

        Assert.Equal(1012, (await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cards.ListSupportedBinsAsync(new ListSupportedBinsRequest(), Ct))).Code);
        Assert.Equal(1012, (await Assert.ThrowsAsync<KeySecureApiException>(() => SandboxFixture.CardAsync(sdk, holder, "Virtual"))).Code);
        var card = await SandboxFixture.CardAsync(sdk, holder, "Virtual", withPackage: true);
        Assert.NotNull(card.CardNo);
    }

    [Fact]
    public async Task Authorization_only_merchant_rejects_credit_mode_operations_with_1012()
    {
        await using var sandbox = await SandboxFixture.StartAsync(o => o.Mode = MerchantMode.AuthorizationOnly);
        using var sdk = new Sdk(sandbox);
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);

        var transfer = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Accounts.TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "1.00" }, Ct));
        Assert.Equal(1012, transfer.Code);
        Assert.Equal(1012, (await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Accounts.GetCardholderAccountsAsync(holder, Ct))).Code);
        Assert.Equal(1012, (await Assert.ThrowsAsync<KeySecureApiException>(() => SandboxFixture.CardAsync(sdk, holder, "Virtual", withPackage: true))).Code);
    }

    [Fact]
    public async Task Kyc_is_decided_after_the_configured_delay_without_a_read()
    {
        var clock = new MovableTimeProvider();
        await using var sandbox = await SandboxFixture.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.KycDecisionDelay = TimeSpan.FromSeconds(3);
        });
        using var sdk = new Sdk(sandbox);
        var applied = await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = "kyc-delay", SumsubShareToken = "sumsub" }, Ct);
        Assert.Equal(2004, (await Assert.ThrowsAsync<KeySecureApiException>(() => SandboxFixture.CardAsync(sdk, applied.CardholderNo!, "Virtual"))).Code);

        clock.Advance(TimeSpan.FromSeconds(4));

        var card = await SandboxFixture.CardAsync(sdk, applied.CardholderNo!, "Virtual");
        Assert.NotNull(card.CardNo);
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_1007_and_the_sdk_fetches_a_new_one()
    {
        var clock = new MovableTimeProvider();
        await using var sandbox = await SandboxFixture.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TokenLifetime = TimeSpan.FromMinutes(30);
        });
        using var sdk = new Sdk(sandbox);
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);

        // 29 minutes later the SDK still holds the token (its refresh margin is 5 minutes, relative to its own clock,
        // which has not moved), but the sandbox says it expired: 1007, token dropped, call replayed with a new token.
        clock.Advance(TimeSpan.FromMinutes(31));
        await sdk.Token.GetTokenAsync(Ct); // teaches the SDK the new server time (1005 then replay)
        var info = await sdk.Cardholders.GetCardholderAsync(holder, Ct);
        Assert.Equal(holder, info.CardholderNo);
    }

    [Fact]
    public async Task Concurrent_transfers_with_one_unique_no_move_money_once()
    {
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sdk.Accounts.TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = "same-" + holder, Type = TransferType.In, Balance = "10.00" }, Ct)));

        Assert.Single(results.Select(r => r.TransferNo).Distinct());
        Assert.Equal(10.00m, Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!).Balance);

        var outs = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await sdk.Accounts.TransferFundsAsync(new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = $"out-{i}-{holder}", Type = TransferType.Out, Balance = "1.00" }, Ct);
                return true;
            }
            catch (KeySecureApiException e) when (e.ProviderMessage == "balance insufficient")
            {
                return false;
            }
        }));
        Assert.Equal(10, outs.Count(ok => ok));
        Assert.Equal(0.00m, Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!).Balance);
    }

    [Fact]
    public async Task Lists_validate_paging_and_time_formats()
    {
        using var sdk = fixture.Sdk(sendsOffSpecRequests: true);
        var size = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cards.ListCardsAsync(new ListCardsRequest { Size = 101 }, Ct));
        Assert.Equal((1004, "size"), (size.Code, size.ProviderMessage.Split(' ')[0]));
        var format = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cards.ListCardsAsync(new ListCardsRequest { StartTime = "22/05/2026" }, Ct));
        Assert.Equal((1004, "start_time"), (format.Code, format.ProviderMessage.Split(' ')[0]));
        var ninetyDays = await sdk.Cards.ListCardsAsync(new ListCardsRequest { StartTime = "2026-01-01", EndTime = "2026-04-01 00:00:00" }, Ct);
        Assert.NotNull(ninetyDays.List);
    }

    private sealed class MovableTimeProvider : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }
}
