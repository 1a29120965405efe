using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KeySecure.Cli.Commands;
using KeySecure.Cli.Hosting;
using KeySecure.Cli.Output;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Crypto;
using KeySecure.Generated.WorldFirst;
using KeySecure.Sandbox;

namespace KeySecure.Cli.Tour;

/// <summary>The whole lifecycle against the embedded sandbox, through the SDK's public API only.</summary>
internal static class SandboxTour
{
    private static readonly TimeSpan WebhookWait = TimeSpan.FromSeconds(10);

    /// <summary>Runs every step; <paramref name="calls"/> runs each SDK call that changes state or moves money, so a signal never cuts one off unreported.</summary>
    public static async Task RunAsync(CliSettings settings, TourRecorder tour, WriteGrace calls, TextWriter stderr, string? stateFile, CancellationToken ct)
    {
        // The sandbox accepts credentials it is given; generating them first lets the webhook receiver start before
        // the sandbox (which needs the receiver's URL) with the secret it must verify signatures with.
        var credentials = SandboxCredentials.Generate();
        var run = RandomNumberGenerator.GetHexString(8, lowercase: true);

        await using var receiver = await tour.StepAsync("webhook-receiver",
            "Start a webhook receiver: Kestrel on 127.0.0.1 with the SDK's MapKeySecureWebhooks (HMAC-SHA256 verified)",
            c => WebhookReceiver.StartAsync(credentials.ApiKey, credentials.ApiSecret, stderr, c),
            r => new JsonObject { ["webhook_url"] = r.Url.ToString() },
            r => $"listening on {r.Url}").ConfigureAwait(false);

        await using var sandbox = await tour.StepAsync("sandbox",
            "Start the embedded sandbox (KeySecure Open Platform and WorldFirst on one host)",
            c => SandboxServer.StartAsync(new SandboxOptions
            {
                WebhookUrl = receiver.Url,
                Credentials = credentials,
                KycDecisionDelay = TimeSpan.FromMilliseconds(300),
                StateFile = stateFile,
            }, c),
            s => new JsonObject { ["base_url"] = s.BaseAddress.ToString() },
            s => $"serving {s.BaseAddress} (test credentials generated for this run; not shown)").ConfigureAwait(false);

        var sdkSettings = new CliSettings
        {
            KeySecureBaseUrl = sandbox.BaseAddress,
            ApiKey = credentials.ApiKey,
            ApiSecret = credentials.ApiSecret,
            WorldFirstBaseUrl = sandbox.BaseAddress,
            ClientId = credentials.WorldFirstClientId,
            PrivateKeyPem = credentials.MerchantPrivateKeyPem,
            PublicKeyPem = credentials.WorldFirstPublicKeyPem,
            KeyVersion = credentials.KeyVersion,
            MaxRetries = settings.MaxRetries,
            RetryBaseDelay = settings.RetryBaseDelay ?? TimeSpan.FromMilliseconds(100),
            Verbose = settings.Verbose,
        };
        await using var services = SdkServices.Build(sdkSettings, stderr, keySecure: true, worldFirst: true);
        var ks = services.KeySecure();

        // Card apply is asynchronous on the platform: apply, then read the card until it has left Pending.
        async Task<CardDetail> ApplyCardAsync(ApplyCardRequest request, CancellationToken c)
        {
            var applied = await calls.RunAsync("ApplyCard", t => ks.Cards.ApplyCardAsync(request, t), c).ConfigureAwait(false);
            return await PollAsync(() => ks.Cards.GetCardDetailAsync(applied.CardNo!, c), d => d.Status != CardStatus.Pending, c).ConfigureAwait(false);
        }

        // Activation and status changes both answer with a Card_update webhook; the step waits for it, then re-reads the card.
        async Task<(CardDetail detail, ReceivedWebhook webhook)> CardUpdatedAsync(string cardNo, CancellationToken c)
        {
            var webhook = await receiver.Inbox.WaitForAsync(w => w.Action == "Card_update" && w.CardNo == cardNo, WebhookWait, "Card_update", c).ConfigureAwait(false);
            return (await ks.Cards.GetCardDetailAsync(cardNo, c).ConfigureAwait(false), webhook);
        }
        var wf = services.WorldCard();

        // 1. Token
        await tour.StepAsync("token", "Get Token through ITokenClient (the SDK also fetches and caches it by itself; never shown)",
            async c => TokenExpiry.Describe((await ks.Token.GetTokenAsync(c).ConfigureAwait(false)).ExpiredTime, services),
            expiry => new JsonObject { ["expires_at"] = expiry["expires_at"]?.DeepClone() },
            expiry => $"token received, expires at {expiry["expires_at"]}");

        // 2. Cardholder and KYC
        var cardholder = await tour.StepAsync("cardholder", "Apply Cardholder (KYC via a Sumsub share token) and wait for the decision",
            async c =>
            {
                var request = new ApplyCardholderRequest { CardholderUniqueNo = $"tour-holder-{run}", SumsubShareToken = $"tour-sumsub-{run}" };
                var applied = await calls.RunAsync("ApplyCardholder", t => ks.Cardholders.ApplyCardholderAsync(request, t), c).ConfigureAwait(false);
                tour.Say($"cardholder {applied.CardholderNo} created; KYC pending");
                var holder = await PollAsync(() => ks.Cardholders.GetCardholderAsync(applied.CardholderNo!, c),
                    h => h.Status == CardholderStatus.Approved || h.Status == CardholderStatus.Rejected, c).ConfigureAwait(false);
                if (holder.Status != CardholderStatus.Approved)
                {
                    throw new InvalidOperationException($"KYC ended {holder.Status}, not Approved.");
                }
                return holder;
            },
            h => new JsonObject { ["cardholder_no"] = h.CardholderNo, ["kyc_status"] = h.Status?.Value },
            h => $"cardholder {h.CardholderNo}, KYC {h.Status}");
        var holderNo = cardholder.CardholderNo!;

        // 3. Card products
        var packages = await tour.StepAsync("card-packages", "List Card Packages (credit mode)",
            async c =>
            {
                var page = await ks.Cards.ListCardPackagesAsync(new ListCardPackagesRequest { Page = 0, Size = 20 }, c).ConfigureAwait(false);
                return page.List is { Count: > 0 } ? page : throw new InvalidOperationException("The sandbox lists no card package.");
            },
            p => new JsonObject { ["package_nos"] = new JsonArray([.. (p.List ?? []).Select(x => (JsonNode?)x.PackageNo)]) },
            p => string.Join(", ", (p.List ?? []).Select(x => $"{x.PackageNo} ({x.Organization})")));
        var virtualPackage = packages.List!.First().PackageNo!;
        var physicalPackage = packages.List!.FirstOrDefault(p => p.EnTagList?.Contains("Physical") == true)?.PackageNo ?? virtualPackage;

        // 4. Virtual card
        var virtualCard = await tour.StepAsync("virtual-card", $"Apply Card: a Virtual card on package {virtualPackage}",
            async c =>
            {
                return await ApplyCardAsync(new ApplyCardRequest
                {
                    CardholderNo = holderNo,
                    CardUniqueNo = $"tour-virtual-{run}",
                    PackageNo = virtualPackage,
                    CardType = CardType.Virtual,
                }, c).ConfigureAwait(false);
            },
            AppliedCardSummary,
            AppliedCardNote);
        var virtualNo = virtualCard.CardNo!;

        // 5. Physical card
        var physicalCard = await tour.StepAsync("physical-card", $"Apply Card: a Physical card on package {physicalPackage}, with its delivery address",
            async c =>
            {
                return await ApplyCardAsync(new ApplyCardRequest
                {
                    CardholderNo = holderNo,
                    CardUniqueNo = $"tour-physical-{run}",
                    PackageNo = physicalPackage,
                    CardType = CardType.Physical,
                    AddressInfo = new AddressInfo
                    {
                        FirstName = "Ada",
                        LastName = "Lovelace",
                        PhoneCode = "44",
                        Phone = "2079460000",
                        PostalCode = "EC1A 1BB",
                        Country = "GB",
                        State = "London",
                        City = "London",
                        AddressLine1 = "1 Sandbox Street",
                    },
                }, c).ConfigureAwait(false);
            },
            AppliedCardSummary,
            AppliedCardNote);
        var physicalNo = physicalCard.CardNo!;

        // 6. Detail
        await tour.StepAsync("card-detail", $"Get Card Detail {virtualNo}",
            c => ks.Cards.GetCardDetailAsync(virtualNo, c),
            d => new JsonObject { ["card_no"] = d.CardNo, ["card_type"] = d.CardType?.Value, ["status"] = d.Status?.Value },
            d => $"{d.CardType} {d.Organization} card '{d.CardName}', status {d.Status}, last four {d.CardLastNo}, package {d.PackageNameEn}");

        // 7. Private info (masked)
        var privateInfo = await tour.StepAsync("private-info", $"Get Card Private Info {physicalNo} (AES-decrypted by the SDK; shown masked)",
            c => ks.Cards.GetCardPrivateInfoAsync(physicalNo, c),
            i => new JsonObject { ["card_no"] = i.CardNo, ["masked"] = true },
            i => $"PAN {Masking.MaskPan(i.Pan)}, CVV {Masking.MaskCvv(i.Cvv)}, expires {i.ExpMonth}/{i.ExpYear}");

        // 8. Activation
        await tour.StepAsync("activation", $"Activate Card {physicalNo} with its CVV and last four digits (the CVV travels AES-encrypted)",
            async c =>
            {
                var pan = privateInfo.Pan ?? string.Empty;
                var request = new ActivateCardRequest
                {
                    CardholderNo = holderNo,
                    CardNo = physicalNo,
                    Cvv = privateInfo.Cvv ?? string.Empty,
                    CardLastNo = pan.Length >= 4 ? pan[^4..] : physicalCard.CardLastNo ?? string.Empty,
                };
                var result = await calls.RunAsync("ActivateCard", t => ks.Cards.ActivateCardAsync(request, t), c).ConfigureAwait(false);
                if (result.Result == false) throw new ProviderAnsweredFalseException("ActivateCard");
                return await CardUpdatedAsync(physicalNo, c).ConfigureAwait(false);
            },
            CardUpdateSummary,
            CardUpdateNote);

        // 9. PIN: a weak one is refused before sending, then a strong one is set.
        await tour.StepAsync("pin-weak", "Set Card PIN with a weak PIN (123456): the SDK refuses it before anything is sent",
            async c =>
            {
                try
                {
                    var weak = new SetCardPinRequest { CardholderNo = holderNo, CardNo = physicalNo, Pin = "123456" };
                    await calls.RunAsync("SetCardPin", t => ks.Cards.SetCardPinAsync(weak, t), c).ConfigureAwait(false);
                }
                catch (KeySecureValidationException refused)
                {
                    return refused;
                }
                throw new InvalidOperationException("The weak PIN was accepted.");
            },
            e => new JsonObject { ["field"] = e.Field, ["exit_code_as_command"] = ExitCodes.Classify(e).ExitCode },
            e => $"refused locally: {e.Rule}");

        await tour.StepAsync("pin", $"Set Card PIN {physicalNo} with a strong random PIN (AES-encrypted, never shown)",
            async c =>
            {
                var strong = new SetCardPinRequest { CardholderNo = holderNo, CardNo = physicalNo, Pin = StrongPin() };
                var result = await calls.RunAsync("SetCardPin", t => ks.Cards.SetCardPinAsync(strong, t), c).ConfigureAwait(false);
                return result.Result == false ? throw new ProviderAnsweredFalseException("SetCardPin") : result;
            },
            r => new JsonObject { ["card_no"] = physicalNo, ["result"] = r.Result },
            _ => "PIN set");

        // 10. Authorization and consumption, each confirmed by a verified webhook.
        var auth = await tour.StepAsync("authorization", $"Simulate an authorization of 12.34 USD on {virtualNo} and receive the Auth webhook",
            async c =>
            {
                var request = new SimulationRequest { CardNo = virtualNo, Amount = "12.34", Currency = "USD" };
                var simulated = await calls.RunAsync("SimulateAuth", t => ks.Simulations.SimulateAuthAsync(request, t), c).ConfigureAwait(false);
                tour.Say($"authorization {simulated.ConsumeNo} simulated; waiting for its webhook");
                return await receiver.Inbox.WaitForAsync(w => w.Action == "Auth" && (simulated.ConsumeNo is null || w.ConsumeNo == simulated.ConsumeNo), WebhookWait, "Auth", c).ConfigureAwait(false);
            },
            w => new JsonObject { ["consume_no"] = w.ConsumeNo, ["webhook_id"] = w.Id, ["webhook_verified"] = true },
            w => $"Auth webhook {w.Id} for {w.ConsumeNo} verified");
        var consumeNo = auth.ConsumeNo;

        await tour.StepAsync("consumption", $"Simulate the clearing of {consumeNo} and receive the Consumption webhook",
            async c =>
            {
                var request = new SimulationRequest { CardNo = virtualNo, ConsumeNo = consumeNo, Amount = "12.34", Currency = "USD" };
                var simulated = await calls.RunAsync("SimulateConsumptionClear", t => ks.Simulations.SimulateConsumptionClearAsync(request, t), c).ConfigureAwait(false);
                var key = simulated.ConsumeNo ?? consumeNo;
                return await receiver.Inbox.WaitForAsync(w => w.Action == "Consumption" && (key is null || w.ConsumeNo == key || w.CardNo == virtualNo), WebhookWait, "Consumption", c).ConfigureAwait(false);
            },
            w => new JsonObject { ["consume_no"] = w.ConsumeNo, ["webhook_id"] = w.Id, ["webhook_verified"] = true },
            w => $"Consumption webhook {w.Id} for {w.ConsumeNo} verified");

        // 11. Consumption list
        await tour.StepAsync("consumption-list", $"List Consumptions of {virtualNo}",
            c => ks.Consumptions.ListConsumptionsAsync(new ListConsumptionsRequest { CardNo = virtualNo, Page = 0, Size = 10 }, c),
            p => new JsonObject
            {
                ["total"] = p.Total,
                ["consume_nos"] = new JsonArray([.. (p.List ?? []).Select(x => (JsonNode?)x.ConsumeNo)]),
            },
            p => string.Join("; ", (p.List ?? []).Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.ConsumeNo} {x.Type} {x.Amount} {x.Status}"))));

        // 12. Freeze
        await tour.StepAsync("freeze", $"Update Card Status {virtualNo} -> Frozen",
            async c =>
            {
                var request = new UpdateCardStatusRequest { CardNo = virtualNo, Status = TargetCardStatus.Frozen };
                var result = await calls.RunAsync("UpdateCardStatus", t => ks.Cards.UpdateCardStatusAsync(request, t), c).ConfigureAwait(false);
                if (result.Result == false) throw new ProviderAnsweredFalseException("UpdateCardStatus");
                return await CardUpdatedAsync(virtualNo, c).ConfigureAwait(false);
            },
            CardUpdateSummary,
            CardUpdateNote);

        // 13. Credit-mode transfer and the account
        await tour.StepAsync("transfer", "Credit-mode transfer In of 100.00 TUSDT to the cardholder, then the cardholder's account",
            async c =>
            {
                var request = new TransferFundsRequest
                {
                    CardholderNo = holderNo,
                    TransferUniqueNo = $"tour-transfer-{run}",
                    Type = TransferType.In,
                    Balance = "100.00",
                };
                var transfer = await calls.RunAsync("TransferFunds", t => ks.Accounts.TransferFundsAsync(request, t), c).ConfigureAwait(false);
                var accounts = await ks.Accounts.GetCardholderAccountsAsync(holderNo, c).ConfigureAwait(false);
                return (transfer, accounts);
            },
            r => new JsonObject
            {
                ["transfer_no"] = r.transfer.TransferNo,
                ["before_balance"] = r.transfer.BeforeBalance,
                ["after_balance"] = r.transfer.AfterBalance,
            },
            r => string.Create(CultureInfo.InvariantCulture, $"transfer {r.transfer.TransferNo}: {r.transfer.BeforeBalance} -> {r.transfer.AfterBalance}; account: ") +
                 string.Join(", ", (r.accounts.List ?? []).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Balance} {a.Symbol}"))));

        // 14. WorldFirst
        await WorldFirstStepAsync(tour, wf, SandboxAssets.UnknownOnce(run), ct).ConfigureAwait(false);
    }

    private static async Task WorldFirstStepAsync(TourRecorder tour, IWorldCardClient wf, string assetId, CancellationToken ct)
    {
        var clock = new FastForwardTimeProvider(factor: 6000); // 5 minutes become 50 ms
        var narrated = new NarratingWorldCardClient(wf, tour, clock);
        await tour.StepAsync("worldfirst-sensitive-info",
            $"WorldFirst queryCardSensitiveInfo {assetId}: signed request, verified response; the SDK's poller retries a U (clock sped up x{clock.Factor})",
            c => narrated.QueryCardSensitiveInfoUntilKnownAsync(new QueryCardSensitiveInfoRequest { AssetId = assetId }, clock, c),
            i => new JsonObject { ["asset_id"] = i.AssetId, ["result_status"] = i.Result?.ResultStatus?.Value, ["attempts"] = narrated.Attempts },
            i => $"{narrated.Attempts} attempts; card {Masking.MaskPan(i.CardNo)}, CVV {Masking.MaskCvv(i.Cvv)}, expires {i.ExpiredMonth}/{i.ExpiredYear}");
    }

    /// <summary>A 6-digit PIN the provider accepts (no run of three identical or consecutive digits).</summary>
    private static JsonObject AppliedCardSummary(CardDetail d) => new() { ["card_no"] = d.CardNo, ["status"] = d.Status?.Value };

    private static string AppliedCardNote(CardDetail d) => $"card {d.CardNo}, status {d.Status}";

    private static JsonObject CardUpdateSummary((CardDetail detail, ReceivedWebhook webhook) r) =>
        new() { ["card_no"] = r.detail.CardNo, ["status"] = r.detail.Status?.Value, ["webhook_id"] = r.webhook.Id, ["webhook_verified"] = true };

    private static string CardUpdateNote((CardDetail detail, ReceivedWebhook webhook) r) =>
        $"status {r.detail.Status}; Card_update webhook {r.webhook.Id} verified";

    private static string StrongPin()
    {
        while (true)
        {
            var pin = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            if (PlaintextFieldRules.PinProblem(pin) is null) return pin;
        }
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (done(value) || DateTimeOffset.UtcNow > deadline) return value;
            await Task.Delay(TimeSpan.FromMilliseconds(150), ct).ConfigureAwait(false);
        }
    }
}

/// <summary>Tells on stderr what each WorldFirst attempt answered, so the tour shows the U before the S.</summary>
internal sealed class NarratingWorldCardClient(IWorldCardClient inner, TourRecorder tour, FastForwardTimeProvider clock) : IWorldCardClient
{
    private int _attempts;

    public int Attempts => _attempts;

    public Task<CardSensitiveInfo> QueryCardSensitiveInfoAsync(QueryCardSensitiveInfoRequest body) =>
        QueryCardSensitiveInfoAsync(body, CancellationToken.None);

    public async Task<CardSensitiveInfo> QueryCardSensitiveInfoAsync(QueryCardSensitiveInfoRequest body, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        try
        {
            var info = await inner.QueryCardSensitiveInfoAsync(body, cancellationToken).ConfigureAwait(false);
            tour.Say($"attempt {attempt}: S {info.Result?.ResultCode} (response signature verified)");
            return info;
        }
        catch (WorldFirstUnknownResultException unknown)
        {
            var wait = attempt <= unknown.RetrySchedule.Count ? unknown.RetrySchedule[attempt - 1] : TimeSpan.Zero;
            tour.Say($"attempt {attempt}: U {unknown.ResultCode}; the poller queries again after {wait.TotalMinutes:0} min (here {clock.Compress(wait).TotalMilliseconds:0} ms)");
            throw;
        }
    }
}
