using System.Text.Json.Nodes;
using KeySecure.Sandbox.Rules;

namespace KeySecure.Sandbox.KeySecure;

// Card lifecycle: activation, status changes (with the Card_update webhook) and the PIN.
internal sealed partial class KeySecureApi
{
    private JsonNode? ActivateCard(Call c)
    {
        var card = Card(Required(c.Request.String("card_no"), "card_no"));
        var cardholderNo = Required(c.Request.String("cardholder_no"), "cardholder_no");
        var cvv = Required(c.Request.String("cvv"), "cvv");
        var lastNo = Required(c.Request.String("card_last_no"), "card_last_no");
        RequireOwnPhysicalCard(card, cardholderNo, "ToActivate", "card_no: only Physical cards are activated", "activation");
        if (Decrypt(cvv, "cvv") != card.Cvv) throw Invalid("cvv does not match the card");
        if (lastNo != card.Pan[^4..]) throw Invalid("card_last_no does not match the card");
        ChangeStatus(c, card, "Activated", "Card activated by the merchant");
        return OperationResult();
    }

    /// <summary>The <c>OperationResult</c> of a change that was made.</summary>
    private static JsonObject OperationResult() => new() { ["result"] = true };

    private JsonNode? UpdateCardStatus(Call c)
    {
        var card = Card(Required(c.Request.String("card_no"), "card_no"));
        var target = Required(c.Request.String("status"), "status");
        if (target is not ("Frozen" or "Activated" or "Delete")) throw Invalid("status must be Frozen, Activated or Delete");
        var allowed = (card.Status, target) switch
        {
            ("Activated", "Frozen") => true,
            ("Frozen", "Activated") => true,
            ("Activated" or "Frozen" or "ToActivate", "Delete") => true,
            _ => false,
        };
        if (!allowed) throw new KsError(KsCode.CardStatusForbids, $"card status {card.Status} does not allow changing to {target}");
        ChangeStatus(c, card, target, target switch
        {
            "Frozen" => "Frozen by the merchant",
            "Activated" => "Unfrozen by the merchant",
            _ => "Deleted by the merchant",
        });
        return OperationResult();
    }

    private static void ChangeStatus(Call c, CardRecord card, string status, string reason)
    {
        var before = card.Status;
        card.Status = status;
        c.Changed = true;
        c.Webhooks.Add(("Card_update", new JsonObject
        {
            ["card_no"] = card.No,
            ["before_status"] = before,
            ["after_status"] = status,
            ["reason"] = reason,
            ["time"] = c.Time(c.Now),
        }));
    }

    private JsonNode? SetPin(Call c)
    {
        var card = Card(Required(c.Request.String("card_no"), "card_no"));
        var cardholderNo = Required(c.Request.String("cardholder_no"), "cardholder_no");
        var pin = Required(c.Request.String("pin"), "pin");
        RequireOwnPhysicalCard(card, cardholderNo, "Activated", "card_no: a PIN can only be set on a Physical card", "setting the PIN");
        if (SandboxPinRules.Problem(Decrypt(pin, "pin")) is { } problem) throw new KsError(KsCode.PinTooSimple, "pin: " + problem);
        card.PinSet = true;
        c.Changed = true;
        return OperationResult();
    }

    /// <summary>
    /// Activation and the PIN act on the cardholder's own Physical card in one status: 1004 when another cardholder's,
    /// then <see cref="KsCode.NeedsPhysicalCard"/> when Virtual, then <see cref="KsCode.CardStatusForbids"/>.
    /// </summary>
    private static void RequireOwnPhysicalCard(CardRecord card, string cardholderNo, string status, string physicalOnly, string action)
    {
        if (card.CardholderNo != cardholderNo) throw Invalid("cardholder_no does not match the card");
        if (card.Type != "Physical") throw new KsError(KsCode.NeedsPhysicalCard, physicalOnly);
        if (card.Status != status) throw new KsError(KsCode.CardStatusForbids, $"card status {card.Status} does not allow {action}");
    }

    private string Decrypt(string ciphertext, string field) =>
        core.Cipher.TryDecrypt(ciphertext) ?? throw Invalid($"{field} cannot be decrypted with the apiSecret (AES/ECB/PKCS5Padding, Base64)");
}
