using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace KeySecure.Generated.Tests.Support;

/// <summary>A recorded request: what reached the wire.</summary>
public sealed record RecordedRequest(HttpMethod Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// The network, replaced: answers each request with what the test's responder returns and records every request,
/// so tests assert on exactly what would have been sent.
/// </summary>
public sealed class FakeProvider : HttpMessageHandler
{
    private readonly Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> _respond;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;

    /// <param name="respond">Gets the request and its 1-based sequence number.</param>
    public FakeProvider(Func<RecordedRequest, int, HttpResponseMessage> respond)
        : this((request, n, _) => Task.FromResult(respond(request, n)))
    {
    }

    /// <param name="respond">Gets the request, its 1-based sequence number and the attempt's token (to wait on a fake clock).</param>
    public FakeProvider(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public int CountFor(string pathSuffix) => _requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!.AbsolutePath, headers, body);
        _requests.Enqueue(recorded);
        var response = await _respond(recorded, Interlocked.Increment(ref _count), cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Envelope(string dataJson) => Json($$"""{"code":0,"msg":"Success","data":{{dataJson}}}""");

    public static HttpResponseMessage Error(int code, string msg) => Json($$"""{"code":{{code}},"msg":"{{msg}}","data":null}""");

    public static HttpResponseMessage Token(string token, DateTimeOffset expiresAt) =>
        Envelope($$"""{"access_token":"{{token}}","expired_time":{{expiresAt.ToUnixTimeMilliseconds()}}}""");
}
