using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>One request from WireMock's journal, as received on the wire.</summary>
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

    internal static RecordedRequest FromJournal(JsonElement request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (request.TryGetProperty("headers", out var h))
        {
            foreach (var header in h.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.Array
                    ? string.Join(",", header.Value.EnumerateArray().Select(v => v.GetString()))
                    : header.Value.GetString() ?? string.Empty;
            }
        }
        var body = request.TryGetProperty("bodyAsBase64", out var b64) && b64.GetString() is { Length: > 0 } text
            ? Convert.FromBase64String(text)
            : request.TryGetProperty("body", out var plain) ? Encoding.UTF8.GetBytes(plain.GetString() ?? string.Empty) : [];
        var logged = DateTimeOffset.FromUnixTimeMilliseconds(request.GetProperty("loggedDate").GetInt64());
        return new RecordedRequest(request.GetProperty("method").GetString()!, request.GetProperty("url").GetString()!, headers, body, logged);
    }
}
