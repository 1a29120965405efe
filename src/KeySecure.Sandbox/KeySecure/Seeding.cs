namespace KeySecure.Sandbox.KeySecure;

/// <summary>State created and read directly, without the API: what <see cref="SandboxServer"/>'s Seed methods and snapshots use.</summary>
internal sealed class Seeding(SandboxCore core)
{
    /// <summary>The statuses a card can be seeded in: keysecure.yaml's <c>CardStatus</c>.</summary>
    public static readonly IReadOnlyList<string> CardStatuses = ["Pending", "ToActivate", "Activated", "Fail", "Frozen", "Delete"];

    private SandboxState State => core.State;

    public string Cardholder(string? uniqueNo) => core.Locked(() =>
    {
        uniqueNo ??= "SEED-" + Guid.NewGuid().ToString("N");
        if (State.Cardholders.Values.Any(h => h.UniqueNo == uniqueNo)) throw new ArgumentException($"cardholder_unique_no '{uniqueNo}' already exists.", nameof(uniqueNo));
        var holder = Records.NewCardholder(core, uniqueNo, "seeded", core.Now);
        holder.Status = "Approved";
        State.Cardholders[holder.No] = holder;
        return holder.No;
    }, () => true);

    public string Card(string cardholderNo, string status, bool physical) => core.Locked(() =>
    {
        if (!CardStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{status}' is not a card status; use one of: {string.Join(", ", CardStatuses)}.", nameof(status));
        }
        var holder = Holder(cardholderNo);
        // A package in credit mode, a BIN in authorization mode: the same product either way, so both modes can seed.
        var byBin = core.Options.Mode == MerchantMode.AuthorizationOnly;
        var product = byBin ? Catalog.Bins[0] : Catalog.Packages[0];
        var card = Records.NewCard(core, holder, "SEED-" + Guid.NewGuid().ToString("N"), physical ? "Physical" : "Virtual", product,
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

    public IReadOnlyList<SandboxCardholder> Cardholders() => core.Locked(
        () => State.Cardholders.Values.OrderBy(h => h.Seq).Select(h => new SandboxCardholder(h.No, h.UniqueNo, h.Status, h.Balance)).ToList(), () => false);

    public IReadOnlyList<SandboxCard> Cards() => core.Locked(
        () => State.Cards.Values.OrderBy(k => k.Seq).Select(k => new SandboxCard(k.No, k.UniqueNo, k.CardholderNo, k.Type, k.Status)).ToList(), () => false);

    public IReadOnlyList<SandboxTransfer> Transfers() => core.Locked(
        () => State.Transfers.Values.OrderBy(t => t.Seq).Select(t => new SandboxTransfer(t.No, t.UniqueNo, t.CardholderNo, t.Type, t.Amount, t.After)).ToList(),
        () => false);

    private CardholderRecord Holder(string cardholderNo) =>
        State.Cardholders.GetValueOrDefault(cardholderNo) ?? throw new ArgumentException($"No cardholder '{cardholderNo}'.", nameof(cardholderNo));
}
