using System.Globalization;
using System.Text.Json.Nodes;

namespace KeySecure.Sandbox.KeySecure;

// Simulations: authorization, clearing or failure, reversal and refund, each with its webhook.
internal sealed partial class KeySecureApi
{
    private JsonNode? SimulateAuth(Call c)
    {
        var card = Card(Required(c.Request.String("card_no"), "card_no"));
        if (card.Status != "Activated") throw new KsError(KsCode.CardStatusForbids, $"card status {card.Status} does not allow transactions");
        var amount = Amount(c.Request.String("amount"), "amount");
        var currency = Currency(c.Request.String("currency"));
        var consumption = new ConsumptionRecord
        {
            No = core.NextNo("CS"),
            CardNo = card.No,
            CardholderNo = card.CardholderNo,
            Type = "Consumption",
            Status = "Pending",
            Amount = amount,
            Currency = currency,
            Created = c.Now,
            Seq = State.Sequence,
        };
        State.Consumptions[consumption.No] = consumption;
        c.Changed = true;
        c.Webhooks.Add(("Auth", new JsonObject
        {
            ["consume_no"] = consumption.No,
            ["card_no"] = card.No,
            ["cardholder_no"] = card.CardholderNo,
            ["type"] = "Consumption",
            ["amount"] = amount,
            ["local_amount"] = amount,
            ["local_currency"] = currency,
            ["merchant_info"] = Acceptor(),
            ["status"] = "Pending",
            ["time"] = c.Time(c.Now),
        }));
        return SimulationResultOf(consumption);
    }

    private JsonNode? SimulateSettle(Call c, bool success)
    {
        var (card, original) = Original(c.Request);
        if (original.Type != "Consumption" || original.Status != "Pending") throw Invalid("consume_no is not a pending authorization");
        if (c.Request.String("amount") is { Length: > 0 } settled) original.Amount = Amount(settled, "amount");
        var product = Catalog.Of(card)!;
        original.Status = success ? "Success" : "Fail";
        original.FeeType = success ? "Consume_fee" : "Decline_fee";
        original.Fee = success ? Math.Round(original.Amount * product.ConsumeRate, 2, MidpointRounding.AwayFromZero) : 0.30m;
        original.Remark = success ? "Cleared (sandbox simulation)" : "Declined (sandbox simulation)";
        c.Changed = true;
        c.Webhooks.Add(("Consumption", ConsumptionWebhook(c, original)));
        return SimulationResultOf(original);
    }

    private JsonNode? SimulateFollowUp(Call c, string type)
    {
        var (card, original) = Original(c.Request);
        var (requestedAmount, requestedCurrency) = (c.Request.String("amount"), c.Request.String("currency"));
        if (original.Type != "Consumption") throw Invalid($"consume_no is a {original.Type}, not a consumption");
        if (type == "Reversal" ? original.Status is not ("Pending" or "Success") : original.Status != "Success")
        {
            throw Invalid(type == "Reversal" ? "consume_no cannot be reversed in status " + original.Status : "consume_no has not been cleared");
        }
        var used = State.Consumptions.Values.Where(x => x.RelateNo == original.No && x.Type is "Reversal" or "Refund").Sum(x => x.Amount);
        var remaining = original.Amount - used;
        var amount = string.IsNullOrEmpty(requestedAmount) ? remaining : Amount(requestedAmount, "amount");
        if (amount > remaining || amount <= 0) throw Invalid($"amount exceeds the remaining {Money(remaining)} of the consumption");
        var followUp = new ConsumptionRecord
        {
            No = core.NextNo("CS"),
            RelateNo = original.No,
            CardNo = card.No,
            CardholderNo = card.CardholderNo,
            Type = type,
            Status = "Success",
            Amount = amount,
            Currency = string.IsNullOrEmpty(requestedCurrency) ? original.Currency : Currency(requestedCurrency),
            Remark = $"{type} (sandbox simulation)",
            Created = c.Now,
            Seq = State.Sequence,
        };
        State.Consumptions[followUp.No] = followUp;
        c.Changed = true;
        c.Webhooks.Add(("Consumption", ConsumptionWebhook(c, followUp)));
        return SimulationResultOf(followUp);
    }

    private (CardRecord Card, ConsumptionRecord Original) Original(RequestBody request)
    {
        var card = Card(Required(request.String("card_no"), "card_no"));
        var consumeNo = Required(request.String("consume_no"), "consume_no");
        var original = State.Consumptions.GetValueOrDefault(consumeNo) ?? throw Invalid("consume_no does not exist");
        if (original.CardNo != card.No) throw Invalid("card_no does not match the consumption");
        return (card, original);
    }

    private static JsonObject ConsumptionWebhook(Call c, ConsumptionRecord x) => new()
    {
        ["consume_no"] = x.No,
        ["consume_relate_no"] = x.RelateNo,
        ["card_no"] = x.CardNo,
        ["cardholder_no"] = x.CardholderNo,
        ["type"] = x.Type,
        ["amount"] = x.Amount,
        ["local_amount"] = x.Amount,
        ["local_currency"] = x.Currency,
        ["fee"] = x.Fee,
        ["fee_detail"] = FeeItems(x),
        ["remark"] = x.Remark,
        ["status"] = x.Status,
        ["time"] = c.Time(c.Now),
        ["merchant_info"] = Acceptor(),
    };

    /// <summary>
    /// A <c>SimulationResult</c>: <c>consume_no</c>, and (its schema is open) the transaction's type, status and
    /// amount, the amount as a string like the request's.
    /// </summary>
    private static JsonObject SimulationResultOf(ConsumptionRecord x) => new()
    {
        ["consume_no"] = x.No,
        ["type"] = x.Type,
        ["status"] = x.Status,
        ["amount"] = Money(x.Amount).ToString(CultureInfo.InvariantCulture),
    };

    private static string Currency(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "USD";
        if (text.Length != 3 || !text.All(char.IsAsciiLetterUpper)) throw Invalid("currency must be a 3-letter ISO code");
        return text;
    }
}
