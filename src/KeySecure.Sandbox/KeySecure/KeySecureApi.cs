using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Crypto;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KeySecure.Sandbox.KeySecure;

/// <summary>
/// The KeySecure Open Platform emulation: authentication, the 20 merchant operations and the 5 simulations under
/// <c>/open-api/v1/</c>, answering the <c>{code, msg, data}</c> envelope with HTTP 200.
/// </summary>
internal sealed partial class KeySecureApi(SandboxCore core, ILogger logger)
{
    public const string Prefix = "/open-api/v1/";

    internal static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions(JsonSerializerDefaults.General));

    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, string ApiKey)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClientToken> _clientTokens = new(StringComparer.Ordinal);
    private readonly Lock _rateGate = new();
    private long _rateWindow;
    private int _rateCount;

    private SandboxOptions Options => core.Options;

    private SandboxState State => core.State;

    private sealed class ClientToken(string cardNo, DateTimeOffset expires)
    {
        public string CardNo { get; } = cardNo;
        public DateTimeOffset Expires { get; } = expires;
        public int Used;
    }

    /// <summary>One request in flight: its clock reading, time zone, path arguments, body and side effects.</summary>
    private sealed class Call(HttpContext http, DateTimeOffset now, TimeZoneInfo zone, string[] segments, byte[] body)
    {
        public HttpContext Http { get; } = http;
        public DateTimeOffset Now { get; } = now;
        public TimeZoneInfo Zone { get; } = zone;
        public string[] Segments { get; } = segments;
        public byte[] Body { get; } = body;
        public bool Changed { get; set; }
        public List<(string Action, object Data)> Webhooks { get; } = [];

        public string Time(DateTimeOffset time) => TimeZones.Format(time, Zone);
    }

    public async Task HandleAsync(HttpContext http, string relativePath)
    {
        var now = core.Now;
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var route = Route(http.Request.Method, segments, out var methodAllowed);
        if (route is null)
        {
            http.Response.StatusCode = methodAllowed ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
            return;
        }

        int code = 0;
        string msg = "Success";
        object? data = null;
        Call? call = null;
        try
        {
            var isSimulation = segments[0] == "simulate";
            if (!isSimulation) Authenticate(http, now, isTokenRequest: segments is ["merchant", "token"]);
            var zone = ZoneOf(http);
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            call = new Call(http, now, zone, segments, body);
            var current = call;
            data = core.Locked(() => route(current), () => current.Changed);
        }
        catch (KsError e)
        {
            code = e.Code;
            msg = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            code = KsCode.SystemError;
            msg = "system error: " + e.GetType().Name;
        }

        if (code == 0 && call is not null)
        {
            foreach (var (action, payload) in call.Webhooks) core.Webhooks.Enqueue(action, payload);
        }
        logger.LogInformation("{Method} /open-api/v1/{Path} -> {Code} {Msg}", http.Request.Method, relativePath, code, msg);
        await WriteEnvelopeAsync(http, code, msg, code == 0 ? data : null).ConfigureAwait(false);
    }

    private Func<Call, object?>? Route(string method, string[] s, out bool methodAllowed)
    {
        methodAllowed = true;
        Func<Call, object?>? get = s switch
        {
            ["merchant", "token"] => IssueToken,
            ["cardholder", _, "info"] => GetCardholder,
            ["card", "consume", _, "info"] => GetConsumption,
            ["card", _, "detail"] => GetCardDetail,
            ["card", _, "private", "info"] => GetCardPrivateInfo,
            ["merchant", "client", _, "token"] => GetPciClientToken,
            ["account", _, "info"] => GetAccounts,
            _ => null,
        };
        Func<Call, object?>? post = s switch
        {
            ["cardholder", "apply"] => ApplyCardholder,
            ["cardholder", "list"] => ListCardholders,
            ["card", "apply"] => ApplyCard,
            ["card", "list"] => ListCards,
            ["card", "active"] => ActivateCard,
            ["card", "status", "update"] => UpdateCardStatus,
            ["card", "pin", "set"] => SetPin,
            ["card", "package", "list"] => ListPackages,
            ["card", "support", "bins"] => ListBins,
            ["card", "consume", "list"] => ListConsumptions,
            ["merchant", "pci", "card", "detail"] => GetPciCardDetail,
            ["account", "transfer"] => Transfer,
            ["account", "transfer", "list"] => ListTransfers,
            ["simulate", "auth"] => SimulateAuth,
            ["simulate", "consumption_clear"] => c => SimulateSettle(c, success: true),
            ["simulate", "consumption_fail"] => c => SimulateSettle(c, success: false),
            ["simulate", "reversal"] => c => SimulateFollowUp(c, "Reversal"),
            ["simulate", "refund"] => c => SimulateFollowUp(c, "Refund"),
            _ => null,
        };
        var chosen = HttpMethods.IsGet(method) ? get : HttpMethods.IsPost(method) ? post : null;
        if (chosen is null) methodAllowed = get is not null || post is not null;
        return chosen;
    }

    // ------------------------------------------------------------------ authentication

    private void Authenticate(HttpContext http, DateTimeOffset now, bool isTokenRequest)
    {
        var credentials = core.Credentials;
        var apiKey = Header(http, "Api-Key");
        if (string.IsNullOrEmpty(apiKey)) throw new KsError(KsCode.ApiKeyRequired, "Api-Key is required");
        if (Options.AllowedIps is { } allowed)
        {
            var ip = http.Connection.RemoteIpAddress;
            var text = ip?.IsIPv4MappedToIPv6 == true ? ip.MapToIPv4().ToString() : ip?.ToString();
            if (text is null || !allowed.Contains(text)) throw new KsError(KsCode.IpNotAllowed, $"IP {text} is not in the Api-Key's whitelist");
        }
        if (!FixedTimeEquals(apiKey, credentials.ApiKey)) throw new KsError(KsCode.ApiKeyUnknown, "Api-Key does not exist");
        switch (Options.ApiKeyStatus)
        {
            case SandboxApiKeyStatus.Disabled: throw new KsError(KsCode.ApiKeyNotEnabled, "Api-Key is not enabled");
            case SandboxApiKeyStatus.Expired: throw new KsError(KsCode.ApiKeyExpired, "Api-Key has expired");
        }
        if (Options.RateLimitPerSecond > 0)
        {
            var window = now.ToUnixTimeSeconds();
            lock (_rateGate)
            {
                if (window != _rateWindow)
                {
                    _rateWindow = window;
                    _rateCount = 0;
                }
                if (++_rateCount > Options.RateLimitPerSecond)
                {
                    throw new KsError(KsCode.TooFrequent, $"too frequent: more than {Options.RateLimitPerSecond} requests per second");
                }
            }
        }

        var timestamp = Header(http, "Timestamp");
        if (timestamp is not { Length: 13 } || !timestamp.All(char.IsAsciiDigit))
        {
            throw new KsError(KsCode.TimestampInvalid, "Timestamp must be 13-digit Unix milliseconds");
        }
        var age = now.ToUnixTimeMilliseconds() - long.Parse(timestamp, CultureInfo.InvariantCulture);
        if (age < 0) throw new KsError(KsCode.TimestampInvalid, "Timestamp is in the future");
        if (age > 60_000) throw new KsError(KsCode.TimestampInvalid, "Timestamp is expired (more than 60 s old)");

        if (isTokenRequest) return;
        var token = Header(http, "Access-Token");
        if (string.IsNullOrEmpty(token)) throw new KsError(KsCode.AccessTokenRequired, "Access-Token is required");
        if (!_tokens.TryGetValue(token, out var issued) || issued.ApiKey != apiKey || issued.Expires <= now)
        {
            throw new KsError(KsCode.AccessTokenInvalid, "Access-Token is invalid or expired");
        }
    }

    private object? IssueToken(Call c)
    {
        var token = "sbx_at_" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        var expires = c.Now + Options.TokenLifetime;
        _tokens[token] = (expires, core.Credentials.ApiKey);
        foreach (var stale in _tokens.Where(t => t.Value.Expires <= c.Now).Select(t => t.Key).ToList()) _tokens.TryRemove(stale, out _);
        return new MerchantToken { AccessToken = token, ExpiredTime = expires.ToUnixTimeMilliseconds() };
    }

    // ------------------------------------------------------------------ cardholders

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
            var existing = State.Cardholders.Values.FirstOrDefault(h => h.UniqueNo == uniqueNo);
            if (existing is not null)
            {
                if (existing.SumsubToken != token) throw new KsError(KsCode.CardholderExists, "cardholder_unique_no already exists");
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

    // ------------------------------------------------------------------ cards

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

        var existing = State.Cards.Values.FirstOrDefault(k => k.UniqueNo == uniqueNo);
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

    private object? ActivateCard(Call c)
    {
        var request = Body<ActivateCardRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        Required(request.CardholderNo, "cardholder_no");
        var cvv = Required(request.Cvv, "cvv");
        var lastNo = Required(request.CardLastNo, "card_last_no");
        if (card.CardholderNo != request.CardholderNo) throw Invalid("cardholder_no does not match the card");
        if (card.Type != "Physical") throw new KsError(KsCode.NeedsPhysicalCard, "card_no: only Physical cards are activated");
        if (card.Status != "ToActivate") throw new KsError(KsCode.CardStatusForbids, $"card status {card.Status} does not allow activation");
        if (Decrypt(cvv, "cvv") != card.Cvv) throw Invalid("cvv does not match the card");
        if (lastNo != card.Pan[^4..]) throw Invalid("card_last_no does not match the card");
        ChangeStatus(c, card, "Activated", "Card activated by the merchant");
        return new OperationResult { Result = true };
    }

    private object? UpdateCardStatus(Call c)
    {
        var request = Body<UpdateCardStatusRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        var target = request.Status.Value;
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
        if (card.CardholderNo != request.CardholderNo) throw Invalid("cardholder_no does not match the card");
        if (card.Type != "Physical") throw new KsError(KsCode.NeedsPhysicalCard, "card_no: a PIN can only be set on a Physical card");
        if (card.Status != "Activated") throw new KsError(KsCode.CardStatusForbids, $"card status {card.Status} does not allow setting the PIN");
        if (PlaintextFieldRules.PinProblem(Decrypt(pin, "pin")) is { } problem) throw new KsError(KsCode.PinTooSimple, "pin: " + problem);
        card.PinSet = true;
        c.Changed = true;
        return new OperationResult { Result = true };
    }

    private object? ListPackages(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var request = Body<ListCardPackagesRequest>(c);
        var matches = Catalog.Packages.Where(p => Matches(request.PackageNo, p.No) && Matches(request.Type, p.PackageType));
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new CardPackagePage { List = items.Select(Catalog.ToPackage).ToList(), Total = total, Page = page, Size = size };
    }

    private object? ListBins(Call c)
    {
        RequireMode(MerchantMode.AuthorizationOnly);
        var request = Body<ListSupportedBinsRequest>(c);
        var matches = Catalog.Bins.Where(b => Matches(request.CardBinNo, b.BinNo));
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new SupportedBinPage { List = items.Select(Catalog.ToBin).ToList(), Total = total, Page = page, Size = size };
    }

    // ------------------------------------------------------------------ consumptions

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

    // ------------------------------------------------------------------ PCI

    private const int ClientTokenSeconds = 300;

    private object? GetPciClientToken(Call c)
    {
        RequirePci();
        var card = Card(c.Segments[2]);
        var token = "sbx_pct_" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        _clientTokens[token] = new ClientToken(card.No, c.Now.AddSeconds(ClientTokenSeconds));
        return new PciClientToken { ClientAccessToken = token, ExpiresIn = ClientTokenSeconds };
    }

    /// <summary>
    /// Assumed shape: request <c>card_no</c> (and, sandbox extension, an optional one-use <c>client_access_token</c>
    /// from GetPciClientToken: 1014 when unknown, expired, used or for another card); response masked card data.
    /// </summary>
    private object? GetPciCardDetail(Call c)
    {
        RequirePci();
        var request = Body<PciCardDetailRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        if (request.AdditionalProperties.TryGetValue("client_access_token", out var raw))
        {
            var text = raw is JsonElement { ValueKind: JsonValueKind.String } element ? element.GetString() : raw?.ToString();
            if (text is null || !_clientTokens.TryGetValue(text, out var token) || token.Expires <= c.Now || token.CardNo != card.No
                || Interlocked.Exchange(ref token.Used, 1) != 0)
            {
                throw new KsError(KsCode.ClientTokenInvalid, "client_access_token is invalid, expired or already used");
            }
        }
        var detail = new PciCardDetail();
        detail.AdditionalProperties["card_no"] = card.No;
        detail.AdditionalProperties["card_type"] = card.Type;
        detail.AdditionalProperties["organization"] = card.Organization;
        detail.AdditionalProperties["status"] = card.Status;
        detail.AdditionalProperties["masked_pan"] = card.Pan[..6] + new string('*', card.Pan.Length - 10) + card.Pan[^4..];
        detail.AdditionalProperties["card_last_no"] = card.Pan[^4..];
        detail.AdditionalProperties["exp_month"] = card.ExpMonth;
        detail.AdditionalProperties["exp_year"] = card.ExpYear;
        return detail;
    }

    // ------------------------------------------------------------------ accounts (credit mode)

    private const string Symbol = "TUSDT";

    private object? Transfer(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var request = Body<TransferFundsRequest>(c);
        Required(request.CardholderNo, "cardholder_no");
        var uniqueNo = Required(request.TransferUniqueNo, "transfer_unique_no", maxLength: 64);
        var type = request.Type.Value;
        if (type is not ("In" or "Out")) throw Invalid("type must be In or Out");
        var amount = Amount(request.Balance, "balance");

        var existing = State.Transfers.Values.FirstOrDefault(t => t.UniqueNo == uniqueNo);
        if (existing is not null)
        {
            if (existing.CardholderNo != request.CardholderNo || existing.Type != type || existing.Amount != amount)
            {
                throw Invalid("transfer_unique_no is already used by a different transfer");
            }
            return TransferResultOf(existing);
        }

        var holder = Cardholder(request.CardholderNo);
        if (type == "Out" && amount > holder.Balance) throw Invalid("balance insufficient");
        var before = holder.Balance;
        holder.Balance += type == "In" ? amount : -amount;
        var transfer = new TransferRecord
        {
            No = core.NextNo("T"),
            UniqueNo = uniqueNo,
            CardholderNo = holder.No,
            Type = type,
            Amount = amount,
            Before = before,
            After = holder.Balance,
            Created = c.Now,
            Seq = State.Sequence,
        };
        State.Transfers[transfer.No] = transfer;
        c.Changed = true;
        return TransferResultOf(transfer);
    }

    private static TransferResult TransferResultOf(TransferRecord t) => new()
    {
        TransferNo = t.No,
        TransferUniqueNo = t.UniqueNo,
        BeforeBalance = Money(t.Before),
        AfterBalance = Money(t.After),
    };

    private object? GetAccounts(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var holder = Cardholder(c.Segments[1]);
        return new CardholderAccounts
        {
            List =
            [
                new CardholderAccount
                {
                    CardholderNo = holder.No,
                    Symbol = Symbol,
                    SymbolChain = "TRON",
                    Balance = Money(holder.Balance),
                    UsdBalance = Money(holder.Balance),
                    BonusBalance = Money(0),
                    UsdBonusBalance = Money(0),
                },
            ],
        };
    }

    private object? ListTransfers(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var request = Body<ListTransfersRequest>(c);
        var range = TimeRange(c, request.StartTime, request.EndTime);
        var matches = State.Transfers.Values
            .Where(t => Matches(request.CardholderNo, t.CardholderNo) && Matches(request.TransferNo, t.No)
                && Matches(request.TransferUniqueNo, t.UniqueNo) && range.Contains(t.Created))
            .OrderByDescending(t => t.Seq);
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new TransferPage
        {
            List = items.Select(t => new Transfer
            {
                TransferNo = t.No,
                TransferUniqueNo = t.UniqueNo,
                CardholderNo = t.CardholderNo,
                Type = new TransferType(t.Type),
                Balance = Money(t.Amount),
                BeforeBalance = Money(t.Before),
                AfterBalance = Money(t.After),
                Symbol = Symbol,
                Status = CommonStatus.Success,
                Time = c.Time(t.Created),
            }).ToList(),
            Total = total,
            Page = page,
            Size = size,
        };
    }

    // ------------------------------------------------------------------ simulations

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

    private static List<WebhookFee> FeeItems(ConsumptionRecord x) =>
        x.FeeType is null || x.Fee == 0 ? [] : [new WebhookFee { FeeType = new FeeType(x.FeeType), Amount = x.Fee }];

    private static MerchantInfo Acceptor() => new()
    {
        MerchantName = "SANDBOX COFFEE ROASTERS",
        MerchantMcc = "5814",
        City = "Singapore",
        Country = "SG",
    };

    private static SimulationResult SimulationResultOf(ConsumptionRecord x)
    {
        var result = new SimulationResult { ConsumeNo = x.No };
        result.AdditionalProperties["type"] = x.Type;
        result.AdditionalProperties["status"] = x.Status;
        result.AdditionalProperties["amount"] = Money(x.Amount);
        return result;
    }

    // ------------------------------------------------------------------ helpers

    private CardholderRecord Cardholder(string? no) =>
        (no is null ? null : State.Cardholders.GetValueOrDefault(no))
        ?? throw new KsError(KsCode.CardholderNotFound, "cardholder_no: cardholder does not exist");

    private CardRecord Card(string no) => State.Cards.GetValueOrDefault(no) ?? throw Invalid("card_no does not exist");

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

    private void RequirePci()
    {
        if (!Options.PciEnabled) throw new KsError(KsCode.PciNotEnabled, "PCI is not enabled for this merchant");
    }

    /// <summary>Rejects with 1012 when the merchant's mode excludes the one the operation needs.</summary>
    private void RequireMode(MerchantMode needed)
    {
        if (Options.Mode != MerchantMode.Both && Options.Mode != needed)
        {
            throw new KsError(KsCode.ModeNotSupported, needed == MerchantMode.CreditOnly
                ? "integration mode not supported: credit extension mode only"
                : "integration mode not supported: authorization mode only");
        }
    }

    private string Decrypt(string ciphertext, string field)
    {
        try
        {
            return Encoding.UTF8.GetString(core.Cipher.Decrypt(ciphertext, null));
        }
        catch (KeySecureCryptoException)
        {
            throw Invalid($"{field} cannot be decrypted with the apiSecret (AES/ECB/PKCS5Padding, Base64)");
        }
    }

    private static KsError Invalid(string msg) => new(KsCode.InvalidParameter, msg);

    private static string Required(string? value, string field, int maxLength = 0)
    {
        if (string.IsNullOrWhiteSpace(value)) throw Invalid($"{field} is required");
        if (maxLength > 0 && value.Length > maxLength) throw Invalid($"{field} must be at most {maxLength} characters");
        return value;
    }

    private static bool Matches(string? filter, string? value) => string.IsNullOrEmpty(filter) || filter == value;

    [GeneratedRegex(@"^\d{1,12}(\.\d{1,2})?$")]
    private static partial Regex AmountText();

    private static decimal Amount(string? text, string field)
    {
        var value = Required(text, field);
        if (!AmountText().IsMatch(value)) throw Invalid($"{field} must be a positive amount with at most 2 decimals");
        var amount = decimal.Parse(value, CultureInfo.InvariantCulture);
        if (amount <= 0) throw Invalid($"{field} must be greater than 0");
        return amount;
    }

    private static string Currency(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "USD";
        if (text.Length != 3 || !text.All(char.IsAsciiLetterUpper)) throw Invalid("currency must be a 3-letter ISO code");
        return text;
    }

    internal static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static (int Page, int Size, long Total, List<T> Items) Page<T>(IEnumerable<T> source, int? page, int? size)
    {
        var p = page ?? 0;
        var s = size ?? 10;
        if (p < 0) throw Invalid("page must be 0 or more");
        if (s is < 1 or > 100) throw Invalid("size must be between 1 and 100");
        var all = source.ToList();
        return (p, s, all.Count, all.Skip(p * s).Take(s).ToList());
    }

    private readonly record struct Range(DateTimeOffset? From, DateTimeOffset? Until)
    {
        public bool Contains(DateTimeOffset time) => (From is null || time >= From) && (Until is null || time < Until);
    }

    /// <summary>
    /// <c>yyyy-MM-dd</c> or <c>yyyy-MM-dd HH:mm:ss</c> in the request's time zone; a date-only end covers its whole day.
    /// 1019 when the end is before the start, 1020 when they are more than 90 days apart.
    /// </summary>
    private static Range TimeRange(Call c, string? start, string? end)
    {
        var from = ParseTime(c, start, "start_time", out _);
        var to = ParseTime(c, end, "end_time", out var endDateOnly);
        if (from is { } f && to is { } t)
        {
            if (t < f) throw new KsError(KsCode.EndBeforeStart, "end_time is before start_time");
            if (t - f > TimeSpan.FromDays(90)) throw new KsError(KsCode.RangeTooLong, "end_time is more than 90 days after start_time");
        }
        return new Range(from, to is { } u ? (endDateOnly ? u.AddDays(1) : u.AddSeconds(1)) : null);
    }

    private static DateTimeOffset? ParseTime(Call c, string? text, string field, out bool dateOnly)
    {
        dateOnly = false;
        if (string.IsNullOrEmpty(text)) return null;
        DateTime local;
        if (DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
        }
        else if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            dateOnly = true;
        }
        else
        {
            throw Invalid($"{field} must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss");
        }
        return new DateTimeOffset(local, c.Zone.GetUtcOffset(local));
    }

    private static string Pan(string bin)
    {
        var digits = bin + RandomNumberGenerator.GetString("0123456789", 15 - bin.Length);
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return digits + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private T Body<T>(Call c) where T : class
    {
        if (c.Body.Length == 0) throw Invalid("body is required (a JSON object)");
        try
        {
            return JsonSerializer.Deserialize<T>(c.Body, Json) ?? throw Invalid("body must be a JSON object");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            throw Invalid($"{field} is not valid: {e.Message.Split('.')[0]}");
        }
    }

    private TimeZoneInfo ZoneOf(HttpContext http)
    {
        var header = Header(http, "Timezone");
        if (string.IsNullOrEmpty(header)) return core.DefaultZone;
        return TimeZones.Parse(header) ?? throw Invalid("timezone header is not a valid time zone (e.g. UTC+8)");
    }

    private static string? Header(HttpContext http, string name) =>
        http.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteEnvelopeAsync(HttpContext http, int code, string msg, object? data)
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("msg", msg);
            writer.WritePropertyName("data");
            if (data is null) writer.WriteNullValue();
            else JsonSerializer.Serialize(writer, data, data.GetType(), Json);
            writer.WriteEndObject();
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(stream.ToArray(), http.RequestAborted).ConfigureAwait(false);
    }
}
