using System.Text.Json.Nodes;

namespace KeySecure.Sandbox.KeySecure;

// Consumptions: detail and list, and the fee and merchant parts shared with the consumption webhooks.
internal sealed partial class KeySecureApi
{
    /// <summary>
    /// A <c>Consumption</c>: its declared members, then the ones its open schema (<c>additionalProperties</c>) lets the
    /// sandbox add, shaped like the consumption webhook's.
    /// </summary>
    private JsonNode? GetConsumption(Call c)
    {
        var consumption = State.Consumptions.GetValueOrDefault(c.Segments[2]) ?? throw Invalid("consume_no does not exist");
        return new JsonObject
        {
            ["consume_no"] = consumption.No,
            ["consume_relate_no"] = consumption.RelateNo,
            ["card_no"] = consumption.CardNo,
            ["cardholder_no"] = consumption.CardholderNo,
            ["type"] = consumption.Type,
            ["amount"] = Money(consumption.Amount),
            ["local_amount"] = Money(consumption.Amount),
            ["local_currency"] = consumption.Currency,
            ["fee"] = Money(consumption.Fee),
            ["status"] = consumption.Status,
            ["time"] = c.Time(consumption.Created),
            ["currency"] = consumption.Currency,
            ["fee_detail"] = FeeItems(consumption),
            ["merchant_info"] = Acceptor(),
            ["remark"] = consumption.Remark,
        };
    }

    private JsonNode? ListConsumptions(Call c)
    {
        var (cardholderNo, consumeNo, cardNo) = (c.Request.String("cardholder_no"), c.Request.String("consume_no"), c.Request.String("card_no"));
        var range = TimeRange(c);
        var matches = State.Consumptions.Values
            .Where(x => Matches(cardholderNo, x.CardholderNo) && Matches(consumeNo, x.No) && Matches(cardNo, x.CardNo)
                && range.Contains(x.Created))
            .OrderByDescending(x => x.Seq);
        return Paged(c, matches, x => new JsonObject
        {
            ["consume_no"] = x.No,
            ["card_no"] = x.CardNo,
            ["type"] = x.Type,
            ["amount"] = Money(x.Amount),
            ["status"] = x.Status,
            ["time"] = c.Time(x.Created),
        });
    }

    /// <summary>The <c>fee_detail</c> list: one <c>WebhookFee</c> when the consumption was charged a fee.</summary>
    /// <remarks>
    /// The JsonNode constructor, not a collection expression: on .NET 10 that binds to the generic
    /// <c>JsonArray.Add&lt;T&gt;</c>, which needs reflection (a trim/AOT warning where the native keysecure links this).
    /// </remarks>
    private static JsonArray FeeItems(ConsumptionRecord x) =>
        x.FeeType is null || x.Fee == 0 ? [] : new JsonArray(new JsonObject { ["fee_type"] = x.FeeType, ["amount"] = x.Fee });

    /// <summary>The <c>MerchantInfo</c> of every simulated transaction.</summary>
    private static JsonObject Acceptor() => new()
    {
        ["merchant_name"] = "SANDBOX COFFEE ROASTERS",
        ["merchant_mcc"] = "5814",
        ["city"] = "Singapore",
        ["country"] = "SG",
    };
}
