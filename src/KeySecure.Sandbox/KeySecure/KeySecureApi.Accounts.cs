using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Sandbox.KeySecure;

// Accounts (credit mode): transfers in and out, their list, and the cardholder's balance.
internal sealed partial class KeySecureApi
{
    private const string Symbol = "TUSDT";

    private object? Transfer(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var request = Body<TransferFundsRequest>(c);
        Required(request.CardholderNo, "cardholder_no");
        var uniqueNo = Required(request.TransferUniqueNo, "transfer_unique_no", maxLength: 64);
        var type = Required(request.Type?.Value, "type");
        if (type is not ("In" or "Out")) throw Invalid("type must be In or Out");
        var amount = Amount(request.Balance, "balance");

        var existing = Repeated(State.Transfers.Values.FirstOrDefault(t => t.UniqueNo == uniqueNo), () => Invalid("transfer_unique_no is already used"));
        if (existing is not null)
        {
            if (existing.CardholderNo != request.CardholderNo || existing.Type != type || existing.Amount != amount)
            {
                throw Invalid("transfer_unique_no is already used by a different transfer");
            }
            return TransferResultOf(existing);
        }

        var holder = Cardholder(request.CardholderNo);
        if (type == "Out" && amount > holder.Balance) throw Invalid("balance insufficient");
        var before = holder.Balance;
        holder.Balance += type == "In" ? amount : -amount;
        var transfer = new TransferRecord
        {
            No = core.NextNo("T"),
            UniqueNo = uniqueNo,
            CardholderNo = holder.No,
            Type = type,
            Amount = amount,
            Before = before,
            After = holder.Balance,
            Created = c.Now,
            Seq = State.Sequence,
        };
        State.Transfers[transfer.No] = transfer;
        c.Changed = true;
        return TransferResultOf(transfer);
    }

    private static TransferResult TransferResultOf(TransferRecord t) => new()
    {
        TransferNo = t.No,
        TransferUniqueNo = t.UniqueNo,
        BeforeBalance = Money(t.Before),
        AfterBalance = Money(t.After),
    };

    private object? GetAccounts(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var holder = Cardholder(c.Segments[1]);
        return new CardholderAccounts
        {
            List =
            [
                new CardholderAccount
                {
                    CardholderNo = holder.No,
                    Symbol = Symbol,
                    SymbolChain = "TRON",
                    Balance = Money(holder.Balance),
                    UsdBalance = Money(holder.Balance),
                    BonusBalance = Money(0),
                    UsdBonusBalance = Money(0),
                },
            ],
        };
    }

    private object? ListTransfers(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var request = Body<ListTransfersRequest>(c);
        var range = TimeRange(c, request.StartTime, request.EndTime);
        var matches = State.Transfers.Values
            .Where(t => Matches(request.CardholderNo, t.CardholderNo) && Matches(request.TransferNo, t.No)
                && Matches(request.TransferUniqueNo, t.UniqueNo) && range.Contains(t.Created))
            .OrderByDescending(t => t.Seq);
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new TransferPage
        {
            List = items.Select(t => new Transfer
            {
                TransferNo = t.No,
                TransferUniqueNo = t.UniqueNo,
                CardholderNo = t.CardholderNo,
                Type = new TransferType(t.Type),
                Balance = Money(t.Amount),
                BeforeBalance = Money(t.Before),
                AfterBalance = Money(t.After),
                Symbol = Symbol,
                Status = CommonStatus.Success,
                Time = c.Time(t.Created),
            }).ToList(),
            Total = total,
            Page = page,
            Size = size,
        };
    }
}
