using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Sandbox.KeySecure;

// Simulations: authorization, clearing or failure, reversal and refund, each with its webhook.
internal sealed partial class KeySecureApi
{
    private object? SimulateAuth(Call c)
    {
        var request = Body<SimulationRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        if (card.Status != "Activated") throw new KsError(KsCode.CardStatusForbids, $"card status {card.Status} does not allow transactions");
        var amount = Amount(request.Amount, "amount");
        var currency = Currency(request.Currency);
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
        c.Webhooks.Add(("Auth", new AuthWebhookData
        {
            ConsumeNo = consumption.No,
            CardNo = card.No,
            CardholderNo = card.CardholderNo,
            Type = ConsumptionType.Consumption,
            Amount = amount,
            LocalAmount = amount,
            LocalCurrency = currency,
            MerchantInfo = Acceptor(),
            Status = CommonStatus.Pending,
            Time = c.Time(c.Now),
        }));
        return SimulationResultOf(consumption);
    }

    private object? SimulateSettle(Call c, bool success)
    {
        var request = Body<SimulationRequest>(c);
        var (card, original) = Original(request);
        if (original.Type != "Consumption" || original.Status != "Pending") throw Invalid("consume_no is not a pending authorization");
        if (!string.IsNullOrEmpty(request.Amount)) original.Amount = Amount(request.Amount, "amount");
        var product = Catalog.Of(card)!;
        original.Status = success ? "Success" : "Fail";
        original.FeeType = success ? "Consume_fee" : "Decline_fee";
        original.Fee = success ? Math.Round(original.Amount * product.ConsumeRate, 2, MidpointRounding.AwayFromZero) : 0.30m;
        original.Remark = success ? "Cleared (sandbox simulation)" : "Declined (sandbox simulation)";
        c.Changed = true;
        c.Webhooks.Add(("Consumption", ConsumptionWebhook(c, original)));
        return SimulationResultOf(original);
    }

    private object? SimulateFollowUp(Call c, string type)
    {
        var request = Body<SimulationRequest>(c);
        var (card, original) = Original(request);
        if (original.Type != "Consumption") throw Invalid($"consume_no is a {original.Type}, not a consumption");
        if (type == "Reversal" ? original.Status is not ("Pending" or "Success") : original.Status != "Success")
        {
            throw Invalid(type == "Reversal" ? "consume_no cannot be reversed in status " + original.Status : "consume_no has not been cleared");
        }
        var used = State.Consumptions.Values.Where(x => x.RelateNo == original.No && x.Type is "Reversal" or "Refund").Sum(x => x.Amount);
        var remaining = original.Amount - used;
        var amount = string.IsNullOrEmpty(request.Amount) ? remaining : Amount(request.Amount, "amount");
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
            Currency = string.IsNullOrEmpty(request.Currency) ? original.Currency : Currency(request.Currency),
            Remark = $"{type} (sandbox simulation)",
            Created = c.Now,
            Seq = State.Sequence,
        };
        State.Consumptions[followUp.No] = followUp;
        c.Changed = true;
        c.Webhooks.Add(("Consumption", ConsumptionWebhook(c, followUp)));
        return SimulationResultOf(followUp);
    }

    private (CardRecord Card, ConsumptionRecord Original) Original(SimulationRequest request)
    {
        var card = Card(Required(request.CardNo, "card_no"));
        var consumeNo = Required(request.ConsumeNo, "consume_no");
        var original = State.Consumptions.GetValueOrDefault(consumeNo) ?? throw Invalid("consume_no does not exist");
        if (original.CardNo != card.No) throw Invalid("card_no does not match the consumption");
        return (card, original);
    }

    private static ConsumptionWebhookData ConsumptionWebhook(Call c, ConsumptionRecord x) => new()
    {
        ConsumeNo = x.No,
        ConsumeRelateNo = x.RelateNo,
        CardNo = x.CardNo,
        CardholderNo = x.CardholderNo,
        Type = new ConsumptionType(x.Type),
        Amount = x.Amount,
        LocalAmount = x.Amount,
        LocalCurrency = x.Currency,
        Fee = x.Fee,
        FeeDetail = FeeItems(x),
        Remark = x.Remark,
        Status = new CommonStatus(x.Status),
        Time = c.Time(c.Now),
        MerchantInfo = Acceptor(),
    };
    private static SimulationResult SimulationResultOf(ConsumptionRecord x)
    {
        var result = new SimulationResult { ConsumeNo = x.No };
        result.AdditionalProperties["type"] = x.Type;
        result.AdditionalProperties["status"] = x.Status;
        result.AdditionalProperties["amount"] = Money(x.Amount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    private static string Currency(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "USD";
        if (text.Length != 3 || !text.All(char.IsAsciiLetterUpper)) throw Invalid("currency must be a 3-letter ISO code");
        return text;
    }
}
