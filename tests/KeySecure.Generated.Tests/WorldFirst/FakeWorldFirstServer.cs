using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>A request as it reached the network: headers exactly as added, body bytes exactly as sent.</summary>
internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException(name);
}

/// <summary>The primary handler of the WorldFirst HttpClient in tests: records requests and answers with a responder.</summary>
internal sealed class FakeWorldFirstServer(Func<RecordedRequest, int, HttpResponseMessage> responder) : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _calls;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;
    public int Calls => Volatile.Read(ref _calls);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Let concurrent callers interleave as they would on a real socket.
        await Task.Yield();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body);
        _requests.Enqueue(recorded);
        var call = Interlocked.Increment(ref _calls);
        var response = responder(recorded, call);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>Builds WorldFirst responses signed by the test's own (independent) code, or unsigned, or tampered.</summary>
internal static class WorldFirstResponses
{
    public const string ResponseTime = "2019-04-04T12:09:01+08:00";

    public static string Success(string assetId, string cardNo = "4000123412341234", string cvv = "739") =>
        $$$"""{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"Success"},"assetId":"{{{assetId}}}","accountId":"ACC-1","cvv":"{{{cvv}}}","cardNo":"{{{cardNo}}}","expiredMonth":"07","expiredYear":"29"}""";

    public static string Result(string status, string code, string message = "msg") =>
        $$$"""{"result":{"resultStatus":"{{{status}}}","resultCode":"{{{code}}}","resultMessage":"{{{message}}}"}}""";

    /// <summary>The documented text, built here without any SDK code.</summary>
    public static byte[] TextToVerify(RecordedRequest request, string clientId, string responseTime, byte[] body) =>
        [.. Encoding.UTF8.GetBytes($"{request.Method} {request.Uri.AbsolutePath}\n{clientId}.{responseTime}."), .. body];

    public static string Header(byte[] signature) =>
        $"algorithm=RSA256, keyVersion=1, signature={Uri.EscapeDataString(Convert.ToBase64String(signature))}";

    public static HttpResponseMessage Signed(RecordedRequest request, string json, string? signatureHeader = null, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var signature = TestKeys.WorldFirst.Sign(TextToVerify(request, WorldFirstTestHost.ClientId, ResponseTime, body));
        var response = Unsigned(json, status);
        response.Headers.TryAddWithoutValidation("Response-Time", ResponseTime);
        response.Headers.TryAddWithoutValidation("Signature", signatureHeader ?? Header(signature));
        return response;
    }

    public static HttpResponseMessage Unsigned(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json")
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", $"{mediaType}; charset=UTF-8");
        return response;
    }
}
