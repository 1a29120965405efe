using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Sandbox.KeySecure;

// Cards: apply (address rules, PAN issue), list, detail and PCI private info.
internal sealed partial class KeySecureApi
{
    private static readonly string[] PhysicalAddressFields =
        ["first_name", "last_name", "phone_code", "phone", "postal_code", "country", "state", "city", "address_line1"];

    private static readonly string[] VirtualAddressFields = ["postal_code", "country", "state", "city", "address_line1"];

    private object? ApplyCard(Call c)
    {
        var request = Body<ApplyCardRequest>(c);
        Required(request.CardholderNo, "cardholder_no");
        var uniqueNo = Required(request.CardUniqueNo, "card_unique_no", maxLength: 64);
        var type = request.CardType.Value;
        if (type is not ("Virtual" or "Physical")) throw Invalid("card_type must be Virtual or Physical");
        if (string.IsNullOrEmpty(request.CardBinNo) && string.IsNullOrEmpty(request.PackageNo))
        {
            throw Invalid("card_bin_no or package_no is required");
        }

        CardProduct? product;
        string? packageNo = null, binNo = null;
        if (!string.IsNullOrEmpty(request.PackageNo) && Options.Mode != MerchantMode.AuthorizationOnly)
        {
            packageNo = request.PackageNo;
            product = Catalog.Package(packageNo) ?? throw Invalid("package_no does not exist");
        }
        else if (!string.IsNullOrEmpty(request.CardBinNo) && Options.Mode != MerchantMode.CreditOnly)
        {
            binNo = request.CardBinNo;
            product = Catalog.Bin(binNo) ?? throw Invalid("card_bin_no does not exist");
        }
        else
        {
            throw Options.Mode == MerchantMode.CreditOnly
                ? new KsError(KsCode.ModeNotSupported, "card_bin_no: authorization mode is not enabled for this merchant; pass package_no")
                : new KsError(KsCode.ModeNotSupported, "package_no: credit extension mode is not enabled for this merchant; pass card_bin_no");
        }

        ValidateAddress(request.AddressInfo, type);

        var existing = Repeated(State.Cards.Values.FirstOrDefault(k => k.UniqueNo == uniqueNo), () => Invalid("card_unique_no is already used"));
        if (existing is not null)
        {
            if (existing.CardholderNo != request.CardholderNo) throw Invalid("card_unique_no is already used by another cardholder");
            return new ApplyCardResult { CardNo = existing.No, CardUniqueNo = existing.UniqueNo };
        }

        if (type == "Physical" ? !product.SupportsPhysical : !product.SupportsVirtual)
        {
            throw Invalid($"card_type {type} is not supported by {(packageNo is null ? "card_bin_no" : "package_no")} {product.No}");
        }

        var holder = Cardholder(request.CardholderNo);
        Decide(holder, c.Now, read: false);
        switch (holder.Status)
        {
            case "Pending": throw new KsError(KsCode.VerificationPending, "cardholder verification is pending");
            case "Rejected": throw new KsError(KsCode.VerificationFailed, "cardholder verification failed");
        }

        var expiry = c.Now.AddYears(3);
        var card = new CardRecord
        {
            No = core.NextNo("C"),
            UniqueNo = uniqueNo,
            CardholderNo = holder.No,
            Type = type,
            Status = type == "Virtual" ? "Activated" : "ToActivate",
            Pan = Pan(product.Bin),
            Cvv = RandomNumberGenerator.GetInt32(0, 1000).ToString("D3", CultureInfo.InvariantCulture),
            ExpMonth = expiry.Month.ToString("D2", CultureInfo.InvariantCulture),
            ExpYear = expiry.Year.ToString(CultureInfo.InvariantCulture),
            Organization = product.Organization,
            PackageNo = packageNo,
            BinNo = binNo,
            Created = c.Now,
            Seq = State.Sequence,
        };
        State.Cards[card.No] = card;
        c.Changed = true;
        return new ApplyCardResult { CardNo = card.No, CardUniqueNo = card.UniqueNo };
    }

    private static void ValidateAddress(AddressInfo? address, string cardType)
    {
        if (address is null)
        {
            if (cardType == "Physical") throw Invalid("address_info is required for Physical cards");
            return;
        }
        var values = new Dictionary<string, string?>
        {
            ["first_name"] = address.FirstName,
            ["last_name"] = address.LastName,
            ["phone_code"] = address.PhoneCode,
            ["phone"] = address.Phone,
            ["postal_code"] = address.PostalCode,
            ["country"] = address.Country,
            ["state"] = address.State,
            ["city"] = address.City,
            ["address_line1"] = address.AddressLine1,
            ["address_line2"] = address.AddressLine2,
        };
        foreach (var field in cardType == "Physical" ? PhysicalAddressFields : VirtualAddressFields)
        {
            if (string.IsNullOrWhiteSpace(values[field])) throw Invalid($"{field} is required in address_info");
        }
        if (!string.IsNullOrEmpty(address.PhoneCode) && !address.PhoneCode.All(char.IsAsciiDigit))
        {
            throw Invalid("phone_code must be digits only, without '+'");
        }
        if (!string.IsNullOrEmpty(address.Phone) && !address.Phone.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '-'))
        {
            throw Invalid("phone must be digits only");
        }
        foreach (var field in new[] { "first_name", "last_name", "postal_code", "country", "state", "city", "address_line1", "address_line2" })
        {
            if (values[field] is { Length: > 0 } value && !EnglishText().IsMatch(value))
            {
                throw new KsError(KsCode.AddressNotEnglish, $"{field} must use English letters, digits and spaces only");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9 ]+$")]
    private static partial Regex EnglishText();

    private object? ListCards(Call c)
    {
        var request = Body<ListCardsRequest>(c);
        var range = TimeRange(c, request.StartTime, request.EndTime);
        var matches = State.Cards.Values
            .Where(k => Matches(request.CardholderNo, k.CardholderNo) && Matches(request.CardUniqueNo, k.UniqueNo)
                && Matches(request.CardNo, k.No) && range.Contains(k.Created))
            .OrderByDescending(k => k.Seq);
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new CardPage { List = items.Select(k => Summary(k, c)).ToList(), Total = total, Page = page, Size = size };
    }

    private object? GetCardDetail(Call c)
    {
        var card = Card(c.Segments[1]);
        var product = Catalog.Of(card)!;
        return new CardDetail
        {
            CardNo = card.No,
            CardUniqueNo = card.UniqueNo,
            CardholderNo = card.CardholderNo,
            CardName = $"{product.NameEn} {card.Type}",
            PackageNameEn = product.NameEn,
            PackageNameCn = product.NameCn,
            CardType = new CardType(card.Type),
            Organization = card.Organization,
            CardLastNo = card.Pan[^4..],
            Status = new CardStatus(card.Status),
            Time = c.Time(card.Created),
            FeeDetail = Catalog.Fees(product),
        };
    }

    private object? GetCardPrivateInfo(Call c)
    {
        RequirePci();
        var card = Card(c.Segments[1]);
        var plaintext = JsonSerializer.Serialize(new CardPrivateInfo
        {
            CardNo = card.No,
            CardUniqueNo = card.UniqueNo,
            Cvv = card.Cvv,
            Pan = card.Pan,
            ExpYear = card.ExpYear,
            ExpMonth = card.ExpMonth,
        }, Json);
        return core.Cipher.Encrypt(plaintext);
    }

    private CardSummary Summary(CardRecord k, Call c) => new()
    {
        CardNo = k.No,
        CardUniqueNo = k.UniqueNo,
        CardholderNo = k.CardholderNo,
        CardType = new CardType(k.Type),
        CardLastNo = k.Pan[^4..],
        Organization = k.Organization,
        Status = new CardStatus(k.Status),
        Time = c.Time(k.Created),
    };

    private static string Pan(string bin) => Luhn.Complete(bin + RandomNumberGenerator.GetString("0123456789", 15 - bin.Length));
}
