using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Sandbox.KeySecure;

// Consumptions: detail and list, and the fee and merchant parts shared with the consumption webhooks.
internal sealed partial class KeySecureApi
{
    private object? GetConsumption(Call c)
    {
        var consumption = State.Consumptions.GetValueOrDefault(c.Segments[2]) ?? throw Invalid("consume_no does not exist");
        var result = new Consumption
        {
            ConsumeNo = consumption.No,
            ConsumeRelateNo = consumption.RelateNo,
            CardNo = consumption.CardNo,
            CardholderNo = consumption.CardholderNo,
            Type = new ConsumptionType(consumption.Type),
            Amount = Money(consumption.Amount),
            LocalAmount = Money(consumption.Amount),
            LocalCurrency = consumption.Currency,
            Fee = Money(consumption.Fee),
        };
        result.AdditionalProperties["status"] = consumption.Status;
        result.AdditionalProperties["time"] = c.Time(consumption.Created);
        result.AdditionalProperties["currency"] = consumption.Currency;
        result.AdditionalProperties["fee_detail"] = FeeItems(consumption);
        result.AdditionalProperties["merchant_info"] = Acceptor();
        if (consumption.Remark is not null) result.AdditionalProperties["remark"] = consumption.Remark;
        return result;
    }

    private object? ListConsumptions(Call c)
    {
        var request = Body<ListConsumptionsRequest>(c);
        var range = TimeRange(c, request.StartTime, request.EndTime);
        var matches = State.Consumptions.Values
            .Where(x => Matches(request.CardholderNo, x.CardholderNo) && Matches(request.ConsumeNo, x.No)
                && Matches(request.CardNo, x.CardNo) && range.Contains(x.Created))
            .OrderByDescending(x => x.Seq);
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new ConsumptionPage
        {
            List = items.Select(x => new ConsumptionSummary
            {
                ConsumeNo = x.No,
                CardNo = x.CardNo,
                Type = new ConsumptionType(x.Type),
                Amount = Money(x.Amount),
                Status = new CommonStatus(x.Status),
                Time = c.Time(x.Created),
            }).ToList(),
            Total = total,
            Page = page,
            Size = size,
        };
    }

    private static List<WebhookFee> FeeItems(ConsumptionRecord x) =>
        x.FeeType is null || x.Fee == 0 ? [] : [new WebhookFee { FeeType = new FeeType(x.FeeType), Amount = x.Fee }];

    private static MerchantInfo Acceptor() => new()
    {
        MerchantName = "SANDBOX COFFEE ROASTERS",
        MerchantMcc = "5814",
        City = "Singapore",
        Country = "SG",
    };
}
