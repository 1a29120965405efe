using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KeySecure.Sandbox.Rules;

/// <summary>
/// The <c>V1</c> webhook signature as the sandbox produces it, written here rather than borrowed from the SDK: the
/// lowercase hex HMAC-SHA256, keyed with the UTF-8 apiSecret, of <c>k=v</c> pairs joined by <c>&amp;</c> in ordinal
/// key order, made of <c>appId</c>, <c>timestamp</c> and every top-level member of <c>data</c> that is not null.
/// A string value is its characters; any other value is its JSON exactly as the sandbox sent it (compact, because
/// the sandbox writes compact JSON).
/// </summary>
internal static class SandboxWebhookSigner
{
    public static string Sign(string appId, string timestamp, JsonElement data, string apiSecret) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.UTF8.GetBytes(CanonicalText(appId, timestamp, data))))
            .ToLowerInvariant();

    public static string CanonicalText(string appId, string timestamp, JsonElement data)
    {
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["appId"] = appId, ["timestamp"] = timestamp };
        if (data.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in data.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.Null) continue;
                pairs[member.Name] = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : member.Value.GetRawText();
            }
        }
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }
}
