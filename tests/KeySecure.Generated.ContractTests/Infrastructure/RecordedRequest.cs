using System.Text;
using System.Text.Json.Nodes;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>One request from WireMock.Net's journal, as received on the wire.</summary>
public sealed class RecordedRequest
{
    private readonly Dictionary<string, string> _headers;

    private RecordedRequest(string method, string url, Dictionary<string, string> headers, byte[] body, DateTimeOffset loggedAt)
    {
        Method = method;
        Url = url;
        _headers = headers;
        BodyBytes = body;
        LoggedAt = loggedAt;
    }

    public string Method { get; }

    /// <summary>Path and query as sent.</summary>
    public string Url { get; }

    public string Path => Url.Split('?', 2)[0];

    public byte[] BodyBytes { get; }

    public string Body => Encoding.UTF8.GetString(BodyBytes);

    /// <summary>When WireMock received the request (its clock).</summary>
    public DateTimeOffset LoggedAt { get; }

    public IReadOnlyDictionary<string, string> Headers => _headers;

    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

    public bool HasHeader(string name) => _headers.ContainsKey(name);

    public JsonObject BodyJson() => JsonNode.Parse(Body)?.AsObject()
        ?? throw new InvalidOperationException($"{Method} {Url}: the body is not a JSON object: {Body}");

    public override string ToString() => $"{Method} {Url}";

    internal static RecordedRequest FromLogEntry(global::WireMock.IRequestMessage request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, global::WireMock.Types.WireMockList<string>>())
        {
            headers[name] = string.Join(",", values);
        }
        var url = request.Path + (string.IsNullOrEmpty(request.RawQuery) ? string.Empty : "?" + request.RawQuery.TrimStart('?'));
        var received = request.DateTime.Kind == DateTimeKind.Local ? request.DateTime.ToUniversalTime() : request.DateTime;
        var loggedAt = new DateTimeOffset(DateTime.SpecifyKind(received, DateTimeKind.Utc));
        return new RecordedRequest(request.Method, url, headers, request.BodyAsBytes ?? [], loggedAt);
    }
}
