using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KeySecure.Sandbox.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KeySecure.Sandbox.KeySecure;

/// <summary>
/// The KeySecure Open Platform emulation: authentication, the 20 merchant operations and the 5 simulations under
/// <c>/open-api/v1/</c>, answering the <c>{code, msg, data}</c> envelope with HTTP 200. Requests are read with
/// <see cref="RequestBody"/> and answers built as JSON under the specification's wire names (<see cref="WireJson"/>).
/// </summary>
internal sealed partial class KeySecureApi(SandboxCore core, ILogger logger)
{
    public const string Prefix = "/open-api/v1/";

    private SandboxOptions Options => core.Options;

    private SandboxState State => core.State;

    /// <summary>One request in flight: its clock reading, time zone, path arguments, body and side effects.</summary>
    private sealed class Call(HttpContext http, DateTimeOffset now, TimeZoneInfo zone, string[] segments, byte[] body)
    {
        private RequestBody? _request;

        public HttpContext Http { get; } = http;
        public DateTimeOffset Now { get; } = now;
        public TimeZoneInfo Zone { get; } = zone;
        public string[] Segments { get; } = segments;

        /// <summary>The JSON body, read when an operation first asks for it (GET operations have none).</summary>
        public RequestBody Request => _request ??= RequestBody.Parse(body);
        public bool Changed { get; set; }
        public List<(string Action, JsonObject Data)> Webhooks { get; } = [];

        public string Time(DateTimeOffset time) => TimeZones.Format(time, Zone);
    }

    public async Task HandleAsync(HttpContext http, string relativePath)
    {
        var now = core.Now;
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var operation = Route(http.Request.Method, segments, out var methodAllowed);
        if (operation is null)
        {
            http.Response.StatusCode = methodAllowed ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
            return;
        }

        int code = 0;
        string msg = "Success";
        JsonNode? data = null;
        Call? call = null;
        try
        {
            var isSimulation = segments[0] == "simulate";
            if (!isSimulation) Authenticate(http, now, isTokenRequest: segments is ["merchant", "token"]);
            var zone = ZoneOf(http);
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            call = new Call(http, now, zone, segments, body);
            var current = call;
            var handle = operation.Handler(this);
            data = core.Locked(() => handle(current), () => current.Changed);
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

    /// <summary>One operation: its method, path (<c>*</c> for a path argument), the spec's operationId and its handler.</summary>
    private sealed record Operation(string Method, string Path, string Id, Func<KeySecureApi, Func<Call, JsonNode?>> Handler)
    {
        private readonly string[] _segments = Path.Split('/');

        public bool PathMatches(string[] segments) =>
            segments.Length == _segments.Length && _segments.Zip(segments).All(p => p.First == "*" || p.First == p.Second);
    }

    private static readonly Operation[] Operations =
    [
        new("GET", "merchant/token", "GetToken", api => api.IssueToken),
        new("GET", "cardholder/*/info", "GetCardholder", api => api.GetCardholder),
        new("GET", "card/consume/*/info", "GetConsumption", api => api.GetConsumption),
        new("GET", "card/*/detail", "GetCardDetail", api => api.GetCardDetail),
        new("GET", "card/*/private/info", "GetCardPrivateInfo", api => api.GetCardPrivateInfo),
        new("GET", "merchant/client/*/token", "GetPciClientToken", api => api.GetPciClientToken),
        new("GET", "account/*/info", "GetCardholderAccounts", api => api.GetAccounts),
        new("POST", "cardholder/apply", "ApplyCardholder", api => api.ApplyCardholder),
        new("POST", "cardholder/list", "ListCardholders", api => api.ListCardholders),
        new("POST", "card/apply", "ApplyCard", api => api.ApplyCard),
        new("POST", "card/list", "ListCards", api => api.ListCards),
        new("POST", "card/active", "ActivateCard", api => api.ActivateCard),
        new("POST", "card/status/update", "UpdateCardStatus", api => api.UpdateCardStatus),
        new("POST", "card/pin/set", "SetCardPin", api => api.SetPin),
        new("POST", "card/package/list", "ListCardPackages", api => api.ListPackages),
        new("POST", "card/support/bins", "ListSupportedBins", api => api.ListBins),
        new("POST", "card/consume/list", "ListConsumptions", api => api.ListConsumptions),
        new("POST", "merchant/pci/card/detail", "GetPciCardDetail", api => api.GetPciCardDetail),
        new("POST", "account/transfer", "TransferFunds", api => api.Transfer),
        new("POST", "account/transfer/list", "ListTransfers", api => api.ListTransfers),
        new("POST", "simulate/auth", "SimulateAuth", api => api.SimulateAuth),
        new("POST", "simulate/consumption_clear", "SimulateConsumptionClear", api => c => api.SimulateSettle(c, success: true)),
        new("POST", "simulate/consumption_fail", "SimulateConsumptionFail", api => c => api.SimulateSettle(c, success: false)),
        new("POST", "simulate/reversal", "SimulateReversal", api => c => api.SimulateFollowUp(c, "Reversal")),
        new("POST", "simulate/refund", "SimulateRefund", api => c => api.SimulateFollowUp(c, "Refund")),
    ];

    /// <summary>The operation a request is for; null with <paramref name="methodAllowed"/> false when no path matches.</summary>
    private static Operation? Route(string method, string[] segments, out bool methodAllowed)
    {
        var atPath = Operations.Where(o => o.PathMatches(segments)).ToList();
        methodAllowed = atPath.Count > 0;
        return atPath.FirstOrDefault(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The operationId of a request to <c>/open-api/v1/</c> + <paramref name="relativePath"/>; null if none.</summary>
    public static string? OperationIdOf(string method, string relativePath) =>
        Route(method, relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries), out _)?.Id;

    // ------------------------------------------------------------------ lookups and authorization checks shared by the areas

    private CardholderRecord Cardholder(string? no) =>
        (no is null ? null : State.Cardholders.GetValueOrDefault(no))
        ?? throw new KsError(KsCode.CardholderNotFound, "cardholder_no: cardholder does not exist");

    private CardRecord Card(string no) => State.Cards.GetValueOrDefault(no) ?? throw Invalid("card_no does not exist");

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

    private static KsError Invalid(string msg) => new(KsCode.InvalidParameter, msg);

    /// <summary>
    /// The earlier record with the same merchant-side unique number, as <see cref="SandboxOptions.RepeatedUniqueNo"/>
    /// wants it answered: returned to be replayed (<c>ReplayFirst</c>), refused with <paramref name="refusal"/>
    /// (<c>Error</c>), or ignored so another is created (<c>NewResource</c>).
    /// </summary>
    private T? Repeated<T>(T? earlier, Func<KsError> refusal) where T : class => earlier is null ? null : Options.RepeatedUniqueNo switch
    {
        RepeatedUniqueNoAnswer.Error => throw refusal(),
        RepeatedUniqueNoAnswer.NewResource => null,
        _ => earlier,
    };

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

    // Two decimals, kept in the value's scale (10m becomes 10.00m), so the wire shows 10.00 like the provider's examples.
    internal static decimal Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    /// <summary>
    /// The page the request's <c>page</c> (from 0, default 0) and <c>size</c> (1 to 100, default 10) ask for, as the
    /// list operations answer it: <c>{list, total, page, size}</c>.
    /// </summary>
    private static JsonObject Paged<T>(Call c, IEnumerable<T> source, Func<T, JsonNode> item)
    {
        var page = c.Request.Int32("page") ?? 0;
        var size = c.Request.Int32("size") ?? 10;
        if (page < 0) throw Invalid("page must be 0 or more");
        if (size is < 1 or > 100) throw Invalid("size must be between 1 and 100");
        var all = source.ToList();
        return new JsonObject
        {
            ["list"] = WireJson.Array(all.Skip(page * size).Take(size).Select(item)),
            ["total"] = (long)all.Count,
            ["page"] = page,
            ["size"] = size,
        };
    }

    private readonly record struct Range(DateTimeOffset? From, DateTimeOffset? Until)
    {
        public bool Contains(DateTimeOffset time) => (From is null || time >= From) && (Until is null || time < Until);
    }

    /// <summary>
    /// <c>yyyy-MM-dd</c> or <c>yyyy-MM-dd HH:mm:ss</c> in the request's time zone; a date-only end covers its whole day.
    /// 1019 when the end is before the start, 1020 when they are more than 90 days apart.
    /// </summary>
    private static Range TimeRange(Call c)
    {
        var from = ParseTime(c, c.Request.String("start_time"), "start_time", out _);
        var to = ParseTime(c, c.Request.String("end_time"), "end_time", out var endDateOnly);
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

    private TimeZoneInfo ZoneOf(HttpContext http)
    {
        var header = Header(http, "Timezone");
        if (string.IsNullOrEmpty(header)) return core.DefaultZone;
        return TimeZones.Parse(header) ?? throw Invalid("timezone header is not a valid time zone (e.g. UTC+8)");
    }

    private static string? Header(HttpContext http, string name) =>
        http.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Answers HTTP 200 with the provider's envelope <c>{code, msg, data}</c>.</summary>
    public static async Task WriteEnvelopeAsync(HttpContext http, int code, string msg, JsonNode? data)
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("msg", msg);
            writer.WritePropertyName("data");
            WireJson.Write(writer, data);
            writer.WriteEndObject();
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(stream.ToArray(), http.RequestAborted).ConfigureAwait(false);
    }
}
