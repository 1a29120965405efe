using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// The <c>V1</c> webhook signature: HMAC-SHA256 over a canonical text, keyed with the merchant's secret (UTF-8),
/// written as lowercase hex.
/// </summary>
/// <remarks>
/// <para>
/// The canonical text is <c>k=v</c> pairs joined by <c>&amp;</c> and sorted by key (ordinal, stable), made of
/// <c>appId</c>, <c>timestamp</c> and every top-level property of <c>data</c>. The event's <c>id</c> and
/// <c>action</c> are not signed. Properties whose value is JSON <c>null</c> are skipped; an empty string is kept
/// (<c>remark=</c>).
/// </para>
/// <para>
/// Values: a JSON string is used raw (unescaped, exactly its characters). Any other value is compact JSON written by
/// <see cref="Utf8JsonWriter"/> without indentation: numbers keep the digits they arrived with (<c>12.50</c> stays
/// <c>12.50</c>), <c>true</c>/<c>false</c> as is, objects keep the order their properties arrived in (nested properties
/// are not sorted and nested nulls are kept), and strings inside objects/arrays are escaped minimally (only <c>"</c>,
/// <c>\</c> and control characters; non-ASCII characters are written as themselves), which is what Java/JavaScript
/// serializers produce. The provider does not publish these details; they are the SDK's deterministic reading of
/// "non-string values as compact JSON" (<c>x-keysecure-assumed</c>).
/// </para>
/// </remarks>
internal static class WebhookSignature
{
    /// <summary>The only signature scheme the provider documents (<c>Sign-Version: V1</c>).</summary>
    public const string Version1 = "V1";

    private static readonly JsonWriterOptions CompactWriter = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>
    /// The lowercase hex HMAC-SHA256 signature of a notification. Used by the verifier and by anyone who must produce
    /// a notification (a sandbox, a test).
    /// </summary>
    /// <param name="appId">The signed <c>appId</c> (assumed to be the merchant's Api-Key).</param>
    /// <param name="timestamp">The <c>Timestamp</c> header exactly as sent (Unix milliseconds).</param>
    /// <param name="data">The event's <c>data</c>: a JSON object, or <c>null</c>/undefined when the event has none.</param>
    /// <param name="secret">The merchant's secret (apiSecret); its UTF-8 bytes are the HMAC key.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is neither an object nor null/undefined.</exception>
    public static string ComputeHex(string appId, string timestamp, JsonElement data, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return ComputeHex(appId, timestamp, data, Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>
    /// The canonical text the signature covers (for diagnostics in a merchant's own tests; never log it in
    /// production: it carries the event's data).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is neither an object nor null/undefined.</exception>
    public static string BuildCanonicalText(string appId, string timestamp, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(timestamp);

        var pairs = new List<KeyValuePair<string, string>>
        {
            new("appId", appId),
            new("timestamp", timestamp),
        };

        switch (data.ValueKind)
        {
            case JsonValueKind.Undefined:
            case JsonValueKind.Null:
                break;
            case JsonValueKind.Object:
                foreach (var property in data.EnumerateObject())
                {
                    var value = property.Value;
                    if (value.ValueKind == JsonValueKind.Null) continue;
                    pairs.Add(new(property.Name, value.ValueKind == JsonValueKind.String ? value.GetString()! : Compact(value)));
                }
                break;
            default:
                throw new ArgumentException($"The webhook data must be a JSON object (was {data.ValueKind}).", nameof(data));
        }

        // OrderBy is stable: duplicate keys keep their arrival order.
        var builder = new StringBuilder();
        foreach (var pair in pairs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (builder.Length > 0) builder.Append('&');
            builder.Append(pair.Key).Append('=').Append(pair.Value);
        }
        return builder.ToString();
    }

    internal static string ComputeHex(string appId, string timestamp, JsonElement data, byte[] key)
    {
        var text = BuildCanonicalText(appId, timestamp, data);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(mac).ToLowerInvariant();
    }

    /// <summary>Compact JSON of a non-string value, deterministic whatever whitespace or escaping it arrived with.</summary>
    internal static string Compact(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
