using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>The canned provider answers every scenario serves: static bytes, built once.</summary>
public static class Canned
{
    public const string ApiKey = "ak_bench_4f9c2d";
    public const string ApiSecret = "0123456789abcdef"; // 16 bytes: AES-128
    public const string CardNo = "C202605220001";
    public const string Token = "tok-bench-0001";
    public static readonly Uri Host = new("https://sandbox-openplatform.keysecure.io");
    public static readonly Uri ApiRoot = new("https://sandbox-openplatform.keysecure.io/open-api/v1/");

    public const string CardDetailData =
        """{"card_no":"C202605220001","card_unique_no":"merchant-card-0001","cardholder_no":"CH202605220001","card_name":"Travel card","package_name_en":"Standard","package_name_cn":"Standard","card_type":"Virtual","organization":"VISA","card_last_no":"1234","status":"Activated","time":"2026-05-22 08:00:00","fee_detail":{"consume_rate":"0.015","open_cost":"1.00","cross_consume_rate":"0.01","small_consume_threshold":"10"}}""";

    public const string ApplyCardData = """{"card_no":"C202605220002","card_unique_no":"merchant-card-0002"}""";

    public const string PrivateInfoPlaintext =
        """{"card_no":"C202605220001","card_unique_no":"merchant-card-0001","cvv":"739","pan":"4000123412341234","exp_year":"2029","exp_month":"07"}""";

    public static readonly byte[] CardDetailEnvelope = Envelope(CardDetailData);
    public static readonly byte[] ApplyCardEnvelope = Envelope(ApplyCardData);
    public static readonly byte[] SetPinEnvelope = Envelope("""{"result":true}""");
    public static readonly byte[] CardDetailBare = Encoding.UTF8.GetBytes(CardDetailData);
    public static readonly byte[] ApplyCardBare = Encoding.UTF8.GetBytes(ApplyCardData);

    /// <summary>A token valid for 30 days from process start (the SDK refreshes 5 minutes before expiry).</summary>
    public static readonly byte[] TokenBare = Encoding.UTF8.GetBytes(
        $$"""{"access_token":"{{Token}}","expired_time":{{DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeMilliseconds()}}}""");

    public static readonly byte[] TokenEnvelope = Envelope(Encoding.UTF8.GetString(TokenBare));

    public static byte[] Envelope(string dataJson) => Encoding.UTF8.GetBytes($$"""{"code":0,"msg":"Success","data":{{dataJson}}}""");
}

/// <summary>
/// The network, replaced: answers each request with a fresh <see cref="ByteArrayContent"/> over a static byte[].
/// Synchronous (Task.FromResult), so a benchmark measures only the client side.
/// </summary>
public sealed class CannedHandler : HttpMessageHandler
{
    private readonly bool _bareData;
    private readonly bool _asynchronous;
    private readonly TimeSpan _tokenDelay;
    private int _tokenRequests;

    /// <param name="bareData">Serve the envelope's <c>data</c> only (for a pipeline without the KeySecure attempt handler, which opens the envelope).</param>
    /// <param name="tokenDelay">Delay token answers (stampede).</param>
    /// <param name="asynchronous">
    /// Complete every answer asynchronously (after a yield to the thread pool), as a socket does: the pipeline then
    /// takes its asynchronous paths (timers, continuations), which a synchronous answer skips.
    /// </param>
    public CannedHandler(bool bareData = false, TimeSpan tokenDelay = default, bool asynchronous = false)
    {
        _bareData = bareData;
        _tokenDelay = tokenDelay;
        _asynchronous = asynchronous;
    }

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        byte[] body;
        if (path.EndsWith("/merchant/token", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tokenRequests);
            body = _bareData ? Canned.TokenBare : Canned.TokenEnvelope;
            if (_tokenDelay > TimeSpan.Zero) return DelayedAsync(body, cancellationToken);
        }
        else if (path.EndsWith("/detail", StringComparison.Ordinal)) body = _bareData ? Canned.CardDetailBare : Canned.CardDetailEnvelope;
        else if (path.EndsWith("/card/apply", StringComparison.Ordinal)) body = _bareData ? Canned.ApplyCardBare : Canned.ApplyCardEnvelope;
        else if (path.EndsWith("/card/pin/set", StringComparison.Ordinal)) body = Canned.SetPinEnvelope;
        else return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
        return _asynchronous ? YieldedAsync(body, request) : Task.FromResult(Respond(body, request));
    }

    private static async Task<HttpResponseMessage> YieldedAsync(byte[] body, HttpRequestMessage request)
    {
        await Task.Yield();
        return Respond(body, request);
    }

    private async Task<HttpResponseMessage> DelayedAsync(byte[] body, CancellationToken cancellationToken)
    {
        await Task.Delay(_tokenDelay, cancellationToken).ConfigureAwait(false);
        return Respond(body, null);
    }

    private static HttpResponseMessage Respond(byte[] body, HttpRequestMessage? request)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
