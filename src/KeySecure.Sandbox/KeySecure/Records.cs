using System.Globalization;
using System.Security.Cryptography;

namespace KeySecure.Sandbox.KeySecure;

/// <summary>New cardholders and cards as the platform creates them, for the API and for seeding alike.</summary>
internal static class Records
{
    public static CardholderRecord NewCardholder(SandboxCore core, string uniqueNo, string sumsubToken, DateTimeOffset now)
    {
        var local = new string(uniqueNo.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        return new CardholderRecord
        {
            No = core.NextNo("U"),
            UniqueNo = uniqueNo,
            SumsubToken = sumsubToken,
            Email = (local.Length > 0 ? local : "cardholder") + "@sandbox.keysecure.test",
            Created = now,
            Applied = now,
            Seq = core.State.Sequence,
        };
    }

    /// <summary>A card issued from <paramref name="product"/>: a virtual card starts Activated, a physical one ToActivate.</summary>
    public static CardRecord NewCard(
        SandboxCore core, CardholderRecord holder, string uniqueNo, string type, CardProduct product, string? packageNo, string? binNo, DateTimeOffset now)
    {
        var expiry = now.AddYears(3);
        return new CardRecord
        {
            No = core.NextNo("C"),
            UniqueNo = uniqueNo,
            CardholderNo = holder.No,
            Type = type,
            Status = type == "Virtual" ? "Activated" : "ToActivate",
            Pan = Luhn.Complete(product.Bin + RandomNumberGenerator.GetString("0123456789", 15 - product.Bin.Length)),
            Cvv = RandomNumberGenerator.GetInt32(0, 1000).ToString("D3", CultureInfo.InvariantCulture),
            ExpMonth = expiry.Month.ToString("D2", CultureInfo.InvariantCulture),
            ExpYear = expiry.Year.ToString(CultureInfo.InvariantCulture),
            Organization = product.Organization,
            PackageNo = packageNo,
            BinNo = binNo,
            Created = now,
            Seq = core.State.Sequence,
        };
    }

    /// <summary>
    /// Moves <paramref name="amount"/> in or out of the cardholder's balance and records the transfer in the state, for
    /// TransferFunds and seeding alike; the caller has checked that an Out does not exceed the balance.
    /// </summary>
    public static TransferRecord ApplyTransfer(SandboxCore core, CardholderRecord holder, string uniqueNo, string type, decimal amount, DateTimeOffset now)
    {
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
            Created = now,
            Seq = core.State.Sequence,
        };
        core.State.Transfers[transfer.No] = transfer;
        return transfer;
    }
}
