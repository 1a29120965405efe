namespace KeySecure.Generated.SpecTesting;

/// <summary>A request as it went over the wire: method, path and query as sent, headers, body bytes.</summary>
public sealed record WireRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public override string ToString() => $"{Method} {PathAndQuery}";
}

/// <summary>A response as it goes over the wire: status and body text (no body: empty).</summary>
public sealed record WireResponse(int Status, string Body);
