using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Rules;

namespace KeySecure.Sandbox.KeySecure;

// Card lifecycle: activation, status changes (with the Card_update webhook) and the PIN.
internal sealed partial class KeySecureApi
{
    private object? ActivateCard(Call c)
    {
        var request = Body<ActivateCardRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        Required(request.CardholderNo, "cardholder_no");
        var cvv = Required(request.Cvv, "cvv");
        var lastNo = Required(request.CardLastNo, "card_last_no");
        RequireOwnPhysicalCard(card, request.CardholderNo, "ToActivate", "card_no: only Physical cards are activated", "activation");
        if (Decrypt(cvv, "cvv") != card.Cvv) throw Invalid("cvv does not match the card");
        if (lastNo != card.Pan[^4..]) throw Invalid("card_last_no does not match the card");
        ChangeStatus(c, card, "Activated", "Card activated by the merchant");
        return new OperationResult { Result = true };
    }

    private object? UpdateCardStatus(Call c)
    {
        var request = Body<UpdateCardStatusRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        var target = Required(request.Status?.Value, "status");
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
        return new OperationResult { Result = true };
    }

    private static void ChangeStatus(Call c, CardRecord card, string status, string reason)
    {
        var before = card.Status;
        card.Status = status;
        c.Changed = true;
        c.Webhooks.Add(("Card_update", new CardUpdateWebhookData
        {
            CardNo = card.No,
            BeforeStatus = new CardStatus(before),
            AfterStatus = new CardStatus(status),
            Reason = reason,
            Time = c.Time(c.Now),
        }));
    }

    private object? SetPin(Call c)
    {
        var request = Body<SetCardPinRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        Required(request.CardholderNo, "cardholder_no");
        var pin = Required(request.Pin, "pin");
        RequireOwnPhysicalCard(card, request.CardholderNo, "Activated", "card_no: a PIN can only be set on a Physical card", "setting the PIN");
        if (SandboxPinRules.Problem(Decrypt(pin, "pin")) is { } problem) throw new KsError(KsCode.PinTooSimple, "pin: " + problem);
        card.PinSet = true;
        c.Changed = true;
        return new OperationResult { Result = true };
    }

    /// <summary>
    /// Activation and the PIN act on the cardholder's own Physical card in one status: 1004 when another cardholder's,
    /// then <see cref="KsCode.NeedsPhysicalCard"/> when Virtual, then <see cref="KsCode.CardStatusForbids"/>.
    /// </summary>
    private static void RequireOwnPhysicalCard(CardRecord card, string? cardholderNo, string status, string physicalOnly, string action)
    {
        if (card.CardholderNo != cardholderNo) throw Invalid("cardholder_no does not match the card");
        if (card.Type != "Physical") throw new KsError(KsCode.NeedsPhysicalCard, physicalOnly);
        if (card.Status != status) throw new KsError(KsCode.CardStatusForbids, $"card status {card.Status} does not allow {action}");
    }

    private string Decrypt(string ciphertext, string field) =>
        core.Cipher.TryDecrypt(ciphertext) ?? throw Invalid($"{field} cannot be decrypted with the apiSecret (AES/ECB/PKCS5Padding, Base64)");
}
