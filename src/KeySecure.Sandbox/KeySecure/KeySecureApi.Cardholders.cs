using System.Text.Json.Nodes;
using KeySecure.Sandbox.Wire;

namespace KeySecure.Sandbox.KeySecure;

// Cardholders: apply (KYC), list, detail, and the KYC decision.
internal sealed partial class KeySecureApi
{
    private JsonNode? ApplyCardholder(Call c)
    {
        var uniqueNo = Required(c.Request.String("cardholder_unique_no"), "cardholder_unique_no", maxLength: 64);
        var token = Required(c.Request.String("sumsub_share_token"), "sumsub_share_token");
        var cardholderNo = c.Request.String("cardholder_no");
        if (token.StartsWith("unavailable", StringComparison.OrdinalIgnoreCase))
        {
            throw new KsError(KsCode.KycUnavailable, "sumsub_share_token: the applicant's KYC info is unavailable");
        }

        CardholderRecord holder;
        if (!string.IsNullOrEmpty(cardholderNo))
        {
            holder = Cardholder(cardholderNo);
            if (holder.UniqueNo != uniqueNo) throw Invalid("cardholder_unique_no does not match the cardholder");
            Decide(holder, c.Now, read: false);
            switch (holder.Status)
            {
                case "Approved": throw new KsError(KsCode.AlreadyVerified, "cardholder is already verified");
                case "Pending": throw new KsError(KsCode.VerificationPending, "cardholder verification is pending");
            }
            holder.SumsubToken = token;
            holder.Status = "Pending";
            holder.FailReason = null;
            holder.Applied = c.Now;
            holder.PendingReads = 0;
            c.Changed = true;
        }
        else
        {
            var existing = Repeated(State.Cardholders.Values.FirstOrDefault(h => h.UniqueNo == uniqueNo), CardholderExists);
            if (existing is not null)
            {
                if (existing.SumsubToken != token) throw CardholderExists();
                holder = existing;
            }
            else
            {
                holder = Records.NewCardholder(core, uniqueNo, token, c.Now);
                State.Cardholders[holder.No] = holder;
                c.Changed = true;
            }
        }
        return new JsonObject { ["cardholder_no"] = holder.No, ["cardholder_unique_no"] = holder.UniqueNo };
    }

    private static KsError CardholderExists() => new(KsCode.CardholderExists, "cardholder_unique_no already exists");

    /// <summary>
    /// KYC: Pending until read once or <see cref="SandboxOptions.KycDecisionDelay"/> after applying; then Approved, or
    /// Rejected when the Sumsub share token starts with "reject".
    /// </summary>
    private void Decide(CardholderRecord holder, DateTimeOffset now, bool read)
    {
        if (holder.Status != "Pending") return;
        if (holder.PendingReads > 0 || now - holder.Applied >= Options.KycDecisionDelay)
        {
            var reject = holder.SumsubToken.StartsWith("reject", StringComparison.OrdinalIgnoreCase);
            holder.Status = reject ? "Rejected" : "Approved";
            holder.FailReason = reject ? "Sumsub review rejected the applicant (sandbox: share token starts with 'reject')" : null;
        }
        else if (read)
        {
            holder.PendingReads++;
        }
    }

    private JsonNode? ListCardholders(Call c)
    {
        var (cardholderNo, uniqueNo) = (c.Request.String("cardholder_no"), c.Request.String("cardholder_unique_no"));
        var range = TimeRange(c);
        var matches = State.Cardholders.Values
            .Where(h => Matches(cardholderNo, h.No) && Matches(uniqueNo, h.UniqueNo) && range.Contains(h.Created))
            .OrderByDescending(h => h.Seq);
        c.Changed = true;
        // Reading a page is what moves its Pending cardholders on (see Decide).
        return Paged(c, matches, h =>
        {
            Decide(h, c.Now, read: true);
            return new JsonObject
            {
                ["cardholder_no"] = h.No,
                ["cardholder_unique_no"] = h.UniqueNo,
                ["email"] = h.Email,
                ["fail_reason"] = h.FailReason,
                ["status"] = h.Status,
                ["time"] = c.Time(h.Created),
            };
        });
    }

    private JsonNode? GetCardholder(Call c)
    {
        var holder = Cardholder(c.Segments[1]);
        Decide(holder, c.Now, read: true);
        c.Changed = true;
        var cards = State.Cards.Values.Where(k => k.CardholderNo == holder.No).OrderByDescending(k => k.Seq);
        return new JsonObject
        {
            ["cardholder_no"] = holder.No,
            ["cardholder_unique_no"] = holder.UniqueNo,
            ["email"] = holder.Email,
            ["status"] = holder.Status,
            ["total_balance"] = Money(holder.Balance),
            ["time"] = c.Time(holder.Created),
            ["card_list"] = WireJson.Array(cards.Select(k => Summary(k, c))),
        };
    }
}
