using System.Text.Json.Nodes;

namespace KeySecure.Sandbox.KeySecure;

// Accounts (credit mode): transfers in and out, their list, and the cardholder's balance.
internal sealed partial class KeySecureApi
{
    private const string Symbol = "TUSDT";

    private JsonNode? Transfer(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var cardholderNo = Required(c.Request.String("cardholder_no"), "cardholder_no");
        var uniqueNo = Required(c.Request.String("transfer_unique_no"), "transfer_unique_no", maxLength: 64);
        var type = Required(c.Request.String("type"), "type");
        if (type is not ("In" or "Out")) throw Invalid("type must be In or Out");
        var amount = Amount(c.Request.String("balance"), "balance");

        var existing = Repeated(State.Transfers.Values.FirstOrDefault(t => t.UniqueNo == uniqueNo), () => Invalid("transfer_unique_no is already used"));
        if (existing is not null)
        {
            if (existing.CardholderNo != cardholderNo || existing.Type != type || existing.Amount != amount)
            {
                throw Invalid("transfer_unique_no is already used by a different transfer");
            }
            return TransferResultOf(existing);
        }

        var holder = Cardholder(cardholderNo);
        if (type == "Out" && amount > holder.Balance) throw Invalid("balance insufficient");
        var transfer = Records.ApplyTransfer(core, holder, uniqueNo, type, amount, c.Now);
        c.Changed = true;
        return TransferResultOf(transfer);
    }

    private static JsonObject TransferResultOf(TransferRecord t) => new()
    {
        ["transfer_no"] = t.No,
        ["transfer_unique_no"] = t.UniqueNo,
        ["before_balance"] = Money(t.Before),
        ["after_balance"] = Money(t.After),
    };

    private JsonNode? GetAccounts(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var holder = Cardholder(c.Segments[1]);
        var account = new JsonObject
        {
            ["cardholder_no"] = holder.No,
            ["symbol"] = Symbol,
            ["symbol_chain"] = "TRON",
            ["balance"] = Money(holder.Balance),
            ["usd_balance"] = Money(holder.Balance),
            ["bonus_balance"] = Money(0),
            ["usd_bonus_balance"] = Money(0),
        };
        return new JsonObject { ["list"] = new JsonArray(account) };
    }

    private JsonNode? ListTransfers(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var (cardholderNo, transferNo, uniqueNo) =
            (c.Request.String("cardholder_no"), c.Request.String("transfer_no"), c.Request.String("transfer_unique_no"));
        var range = TimeRange(c);
        var matches = State.Transfers.Values
            .Where(t => Matches(cardholderNo, t.CardholderNo) && Matches(transferNo, t.No) && Matches(uniqueNo, t.UniqueNo)
                && range.Contains(t.Created))
            .OrderByDescending(t => t.Seq);
        return Paged(c, matches, t => new JsonObject
        {
            ["transfer_no"] = t.No,
            ["transfer_unique_no"] = t.UniqueNo,
            ["cardholder_no"] = t.CardholderNo,
            ["type"] = t.Type,
            ["balance"] = Money(t.Amount),
            ["before_balance"] = Money(t.Before),
            ["after_balance"] = Money(t.After),
            ["symbol"] = Symbol,
            ["status"] = "Success",
            ["time"] = c.Time(t.Created),
        });
    }
}
