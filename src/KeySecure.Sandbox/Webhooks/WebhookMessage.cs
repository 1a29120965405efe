using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Sandbox.Rules;
using KeySecure.Sandbox.Wire;

namespace KeySecure.Sandbox.Webhooks;

/// <summary>
/// One webhook as the provider sends it: the <c>{id, action, data}</c> body and its <c>V1</c> signature headers. The
/// dispatcher sends the simulations' notifications with it, <see cref="SandboxServer.SendWebhookAsync"/> a test's own.
/// </summary>
internal sealed class WebhookMessage
{
    private WebhookMessage(string id, string body, string timestamp, string signature)
    {
        Id = id;
        Body = body;
        Timestamp = timestamp;
        Signature = signature;
    }

    /// <summary>The body's <c>id</c> (empty when it has none).</summary>
    public string Id { get; }

    public string Body { get; }

    public string Timestamp { get; }

    public string Signature { get; }

    /// <summary>A new notification's body: a fresh id, the action, the data. Non-ASCII text travels as itself.</summary>
    public static string NewBody(string action, JsonObject data)
    {
        var id = "WH" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
        return Encoding.UTF8.GetString(WireJson.ToUtf8BytesUnescaped(new JsonObject { ["id"] = id, ["action"] = action, ["data"] = data }));
    }

    /// <summary>Signs the <c>data</c> member of the very body bytes that are sent, at <paramref name="time"/>.</summary>
    public static WebhookMessage Sign(string body, DateTimeOffset time, string appId, string secret)
    {
        using var sent = JsonDocument.Parse(body);
        var timestamp = time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var root = sent.RootElement;
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : default;
        var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "";
        return new WebhookMessage(id, body, timestamp, SandboxWebhookSigner.Sign(appId, timestamp, data, secret));
    }

    public HttpRequestMessage Request(Uri url, string timezone)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Timestamp", Timestamp);
        request.Headers.TryAddWithoutValidation("Signature", Signature);
        request.Headers.TryAddWithoutValidation("Sign-Version", "V1");
        request.Headers.TryAddWithoutValidation("Timezone", timezone);
        return request;
    }
}
