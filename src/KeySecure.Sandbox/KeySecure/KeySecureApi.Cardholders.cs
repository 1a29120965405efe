using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Sandbox.KeySecure;

// Cardholders: apply (KYC), list, detail, and the KYC decision.
internal sealed partial class KeySecureApi
{
    private object? ApplyCardholder(Call c)
    {
        var request = Body<ApplyCardholderRequest>(c);
        var uniqueNo = Required(request.CardholderUniqueNo, "cardholder_unique_no", maxLength: 64);
        var token = Required(request.SumsubShareToken, "sumsub_share_token");
        if (token.StartsWith("unavailable", StringComparison.OrdinalIgnoreCase))
        {
            throw new KsError(KsCode.KycUnavailable, "sumsub_share_token: the applicant's KYC info is unavailable");
        }

        CardholderRecord holder;
        if (!string.IsNullOrEmpty(request.CardholderNo))
        {
            holder = Cardholder(request.CardholderNo);
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
                var local = new string(uniqueNo.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
                holder = new CardholderRecord
                {
                    No = core.NextNo("U"),
                    UniqueNo = uniqueNo,
                    SumsubToken = token,
                    Email = (local.Length > 0 ? local : "cardholder") + "@sandbox.keysecure.test",
                    Created = c.Now,
                    Applied = c.Now,
                    Seq = State.Sequence,
                };
                State.Cardholders[holder.No] = holder;
                c.Changed = true;
            }
        }
        return new ApplyCardholderResult { CardholderNo = holder.No, CardholderUniqueNo = holder.UniqueNo };
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

    private object? ListCardholders(Call c)
    {
        var request = Body<ListCardholdersRequest>(c);
        var range = TimeRange(c, request.StartTime, request.EndTime);
        var matches = State.Cardholders.Values
            .Where(h => Matches(request.CardholderNo, h.No) && Matches(request.CardholderUniqueNo, h.UniqueNo) && range.Contains(h.Created))
            .OrderByDescending(h => h.Seq);
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        foreach (var holder in items) Decide(holder, c.Now, read: true);
        c.Changed = true;
        return new CardholderPage
        {
            List = items.Select(h => new CardholderSummary
            {
                CardholderNo = h.No,
                CardholderUniqueNo = h.UniqueNo,
                Email = h.Email,
                FailReason = h.FailReason,
                Status = new CardholderStatus(h.Status),
                Time = c.Time(h.Created),
            }).ToList(),
            Total = total,
            Page = page,
            Size = size,
        };
    }

    private object? GetCardholder(Call c)
    {
        var holder = Cardholder(c.Segments[1]);
        Decide(holder, c.Now, read: true);
        c.Changed = true;
        return new Cardholder
        {
            CardholderNo = holder.No,
            CardholderUniqueNo = holder.UniqueNo,
            Email = holder.Email,
            Status = new CardholderStatus(holder.Status),
            TotalBalance = Money(holder.Balance),
            Time = c.Time(holder.Created),
            CardList = State.Cards.Values.Where(k => k.CardholderNo == holder.No).OrderByDescending(k => k.Seq).Select(k => Summary(k, c)).ToList(),
        };
    }
}
