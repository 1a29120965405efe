using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KeySecure.Sandbox.Wire;

namespace KeySecure.Sandbox.KeySecure;

// Cards: apply (address rules, PAN issue), list, detail and PCI private info.
internal sealed partial class KeySecureApi
{
    private static readonly string[] PhysicalAddressFields =
        ["first_name", "last_name", "phone_code", "phone", "postal_code", "country", "state", "city", "address_line1"];

    private static readonly string[] VirtualAddressFields = ["postal_code", "country", "state", "city", "address_line1"];

    private JsonNode? ApplyCard(Call c)
    {
        var request = c.Request;
        var cardholderNo = Required(request.String("cardholder_no"), "cardholder_no");
        var uniqueNo = Required(request.String("card_unique_no"), "card_unique_no", maxLength: 64);
        var type = request.String("card_type");
        if (type is not ("Virtual" or "Physical")) throw Invalid("card_type must be Virtual or Physical");
        var (requestedPackageNo, requestedBinNo) = (request.String("package_no"), request.String("card_bin_no"));
        if (string.IsNullOrEmpty(requestedBinNo) && string.IsNullOrEmpty(requestedPackageNo))
        {
            throw Invalid("card_bin_no or package_no is required");
        }

        CardProduct? product;
        string? packageNo = null, binNo = null;
        if (!string.IsNullOrEmpty(requestedPackageNo) && Options.Mode != MerchantMode.AuthorizationOnly)
        {
            packageNo = requestedPackageNo;
            product = Catalog.Package(packageNo) ?? throw Invalid("package_no does not exist");
        }
        else if (!string.IsNullOrEmpty(requestedBinNo) && Options.Mode != MerchantMode.CreditOnly)
        {
            binNo = requestedBinNo;
            product = Catalog.Bin(binNo) ?? throw Invalid("card_bin_no does not exist");
        }
        else
        {
            throw Options.Mode == MerchantMode.CreditOnly
                ? new KsError(KsCode.ModeNotSupported, "card_bin_no: authorization mode is not enabled for this merchant; pass package_no")
                : new KsError(KsCode.ModeNotSupported, "package_no: credit extension mode is not enabled for this merchant; pass card_bin_no");
        }

        ValidateAddress(request.Object("address_info"), type);

        var existing = Repeated(State.Cards.Values.FirstOrDefault(k => k.UniqueNo == uniqueNo), () => Invalid("card_unique_no is already used"));
        if (existing is not null)
        {
            if (existing.CardholderNo != cardholderNo) throw Invalid("card_unique_no is already used by another cardholder");
            return ApplyCardResultOf(existing);
        }

        if (type == "Physical" ? !product.SupportsPhysical : !product.SupportsVirtual)
        {
            throw Invalid($"card_type {type} is not supported by {(packageNo is null ? "card_bin_no" : "package_no")} {product.No}");
        }

        var holder = Cardholder(cardholderNo);
        Decide(holder, c.Now, read: false);
        switch (holder.Status)
        {
            case "Pending": throw new KsError(KsCode.VerificationPending, "cardholder verification is pending");
            case "Rejected": throw new KsError(KsCode.VerificationFailed, "cardholder verification failed");
        }

        var card = Records.NewCard(core, holder, uniqueNo, type, product, packageNo, binNo, c.Now);
        State.Cards[card.No] = card;
        c.Changed = true;
        return ApplyCardResultOf(card);
    }

    private static JsonObject ApplyCardResultOf(CardRecord card) => new() { ["card_no"] = card.No, ["card_unique_no"] = card.UniqueNo };

    private static void ValidateAddress(RequestBody? address, string cardType)
    {
        if (address is null)
        {
            if (cardType == "Physical") throw Invalid("address_info is required for Physical cards");
            return;
        }
        string[] allFields = ["first_name", "last_name", "phone_code", "phone", "postal_code", "country", "state", "city", "address_line1", "address_line2"];
        var values = allFields.ToDictionary(field => field, address.String);
        foreach (var field in cardType == "Physical" ? PhysicalAddressFields : VirtualAddressFields)
        {
            if (string.IsNullOrWhiteSpace(values[field])) throw Invalid($"{field} is required in address_info");
        }
        if (values["phone_code"] is { Length: > 0 } phoneCode && !phoneCode.All(char.IsAsciiDigit))
        {
            throw Invalid("phone_code must be digits only, without '+'");
        }
        if (values["phone"] is { Length: > 0 } phone && !phone.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '-'))
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

    private JsonNode? ListCards(Call c)
    {
        var (cardholderNo, uniqueNo, cardNo) = (c.Request.String("cardholder_no"), c.Request.String("card_unique_no"), c.Request.String("card_no"));
        var range = TimeRange(c);
        var matches = State.Cards.Values
            .Where(k => Matches(cardholderNo, k.CardholderNo) && Matches(uniqueNo, k.UniqueNo) && Matches(cardNo, k.No)
                && range.Contains(k.Created))
            .OrderByDescending(k => k.Seq);
        return Paged(c, matches, k => Summary(k, c));
    }

    private JsonNode? GetCardDetail(Call c)
    {
        var card = Card(c.Segments[1]);
        var product = Catalog.Of(card)!;
        return new JsonObject
        {
            ["card_no"] = card.No,
            ["card_unique_no"] = card.UniqueNo,
            ["cardholder_no"] = card.CardholderNo,
            ["card_name"] = $"{product.NameEn} {card.Type}",
            ["package_name_en"] = product.NameEn,
            ["package_name_cn"] = product.NameCn,
            ["card_type"] = card.Type,
            ["organization"] = card.Organization,
            ["card_last_no"] = card.Pan[^4..],
            ["status"] = card.Status,
            ["time"] = c.Time(card.Created),
            ["fee_detail"] = Catalog.Fees(product),
        };
    }

    /// <summary>The <c>CardPrivateInfo</c> object, encrypted: <c>data</c> is its Base64 ciphertext (a JSON string).</summary>
    private JsonNode? GetCardPrivateInfo(Call c)
    {
        RequirePci();
        var card = Card(c.Segments[1]);
        var plaintext = WireJson.ToUtf8Bytes(new JsonObject
        {
            ["card_no"] = card.No,
            ["card_unique_no"] = card.UniqueNo,
            ["cvv"] = card.Cvv,
            ["pan"] = card.Pan,
            ["exp_year"] = card.ExpYear,
            ["exp_month"] = card.ExpMonth,
        });
        return core.Cipher.Encrypt(Encoding.UTF8.GetString(plaintext));
    }

    private static JsonObject Summary(CardRecord k, Call c) => new()
    {
        ["card_no"] = k.No,
        ["card_unique_no"] = k.UniqueNo,
        ["cardholder_no"] = k.CardholderNo,
        ["card_type"] = k.Type,
        ["card_last_no"] = k.Pan[^4..],
        ["organization"] = k.Organization,
        ["status"] = k.Status,
        ["time"] = c.Time(k.Created),
    };

}
