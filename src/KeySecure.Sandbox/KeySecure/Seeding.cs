namespace KeySecure.Sandbox.KeySecure;

/// <summary>State created and read directly, without the API: what <see cref="SandboxServer"/>'s Seed methods and snapshots use.</summary>
internal sealed class Seeding(SandboxCore core)
{
    /// <summary>The statuses a card can be seeded in: keysecure.yaml's <c>CardStatus</c>.</summary>
    public static readonly IReadOnlyList<string> CardStatuses = ["Pending", "ToActivate", "Activated", "Fail", "Frozen", "Delete"];

    /// <summary>keysecure.yaml's <c>ConsumptionType</c>.</summary>
    public static readonly IReadOnlyList<string> ConsumptionTypes = ["Open_card", "Consumption", "Atm", "Manage_fee", "Reversal", "Refund"];

    /// <summary>The consumption statuses the sandbox uses (the spec does not list them: <c>ConsumptionSummary.status</c> is assumed).</summary>
    public static readonly IReadOnlyList<string> ConsumptionStatuses = ["Pending", "Success", "Fail"];

    /// <summary>keysecure.yaml's <c>TransferType</c>.</summary>
    public static readonly IReadOnlyList<string> TransferTypes = ["In", "Out"];

    private SandboxState State => core.State;

    public string Cardholder(string? uniqueNo) => core.Locked(() =>
    {
        uniqueNo ??= NewSeedNo();
        if (State.Cardholders.Values.Any(h => h.UniqueNo == uniqueNo)) throw new ArgumentException($"cardholder_unique_no '{uniqueNo}' already exists.", nameof(uniqueNo));
        var holder = Records.NewCardholder(core, uniqueNo, "seeded", core.Now);
        holder.Status = "Approved";
        State.Cardholders[holder.No] = holder;
        return holder.No;
    }, () => true);

    public string Card(string cardholderNo, string status, bool physical) => core.Locked(() =>
    {
        OneOf(CardStatuses, status, "card status", nameof(status));
        var holder = Holder(cardholderNo);
        // A package in credit mode, a BIN in authorization mode: the same product either way, so both modes can seed.
        var byBin = core.Options.Mode == MerchantMode.AuthorizationOnly;
        var product = byBin ? Catalog.Bins[0] : Catalog.Packages[0];
        var card = Records.NewCard(core, holder, NewSeedNo(), physical ? "Physical" : "Virtual", product,
            byBin ? null : product.No, byBin ? product.BinNo : null, core.Now);
        card.Status = status;
        State.Cards[card.No] = card;
        return card.No;
    }, () => true);

    public void Balance(string cardholderNo, decimal balance)
    {
        if (balance < 0) throw new ArgumentOutOfRangeException(nameof(balance), "The balance cannot be negative.");
        core.Locked(() => Holder(cardholderNo).Balance = KeySecureApi.Money(balance), () => true);
    }

    /// <summary>A settled transaction on a card, as a simulation would leave it (no webhook is sent).</summary>
    public string Consumption(string cardNo, decimal amount, string type, string status, string currency) => core.Locked(() =>
    {
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount), "The amount must be positive.");
        OneOf(ConsumptionTypes, type, "consumption type", nameof(type));
        OneOf(ConsumptionStatuses, status, "consumption status", nameof(status));
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper)) throw new ArgumentException("The currency must be a 3-letter ISO code.", nameof(currency));
        var card = State.Cards.GetValueOrDefault(cardNo) ?? throw new ArgumentException($"No card '{cardNo}'.", nameof(cardNo));
        var consumption = new ConsumptionRecord
        {
            No = core.NextNo("CS"),
            CardNo = card.No,
            CardholderNo = card.CardholderNo,
            Type = type,
            Status = status,
            Amount = KeySecureApi.Money(amount),
            Currency = currency,
            Created = core.Now,
            Seq = State.Sequence,
        };
        State.Consumptions[consumption.No] = consumption;
        return consumption.No;
    }, () => true);

    /// <summary>A transfer that moved the cardholder's balance, as TransferFunds would have (refused like it when an Out exceeds the balance).</summary>
    public string Transfer(string cardholderNo, decimal amount, string type, string? uniqueNo) => core.Locked(() =>
    {
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount), "The amount must be positive.");
        OneOf(TransferTypes, type, "transfer type", nameof(type));
        uniqueNo ??= NewSeedNo();
        if (State.Transfers.Values.Any(t => t.UniqueNo == uniqueNo)) throw new ArgumentException($"transfer_unique_no '{uniqueNo}' already exists.", nameof(uniqueNo));
        var holder = Holder(cardholderNo);
        var moved = KeySecureApi.Money(amount);
        if (type == "Out" && moved > holder.Balance) throw new ArgumentOutOfRangeException(nameof(amount), $"An Out transfer of {moved} exceeds the balance {holder.Balance}.");
        return Records.ApplyTransfer(core, holder, uniqueNo, type, moved, core.Now).No;
    }, () => true);

    public IReadOnlyList<SandboxCardholder> Cardholders() => core.Locked(
        () => State.Cardholders.Values.OrderBy(h => h.Seq).Select(h => new SandboxCardholder(h.No, h.UniqueNo, h.Status, h.Balance)).ToList(), () => false);

    public IReadOnlyList<SandboxCard> Cards() => core.Locked(
        () => State.Cards.Values.OrderBy(k => k.Seq).Select(k => new SandboxCard(k.No, k.UniqueNo, k.CardholderNo, k.Type, k.Status)).ToList(), () => false);

    public IReadOnlyList<SandboxConsumption> Consumptions() => core.Locked(
        () => State.Consumptions.Values.OrderBy(x => x.Seq)
            .Select(x => new SandboxConsumption(x.No, x.RelateNo, x.CardNo, x.CardholderNo, x.Type, x.Status, x.Amount, x.Currency, x.Fee)).ToList(),
        () => false);

    public IReadOnlyList<SandboxTransfer> Transfers() => core.Locked(
        () => State.Transfers.Values.OrderBy(t => t.Seq).Select(t => new SandboxTransfer(t.No, t.UniqueNo, t.CardholderNo, t.Type, t.Amount, t.After)).ToList(),
        () => false);

    private static void OneOf(IReadOnlyList<string> allowed, string value, string what, string parameter)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal)) throw new ArgumentException($"'{value}' is not a {what}; use one of: {string.Join(", ", allowed)}.", parameter);
    }

    // The merchant-side unique number of a seeded record the caller did not name.
    private static string NewSeedNo() => "SEED-" + Guid.NewGuid().ToString("N");

    private CardholderRecord Holder(string cardholderNo) =>
        State.Cardholders.GetValueOrDefault(cardholderNo) ?? throw new ArgumentException($"No cardholder '{cardholderNo}'.", nameof(cardholderNo));
}
