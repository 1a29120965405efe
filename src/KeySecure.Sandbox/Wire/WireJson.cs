using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KeySecure.Sandbox.Wire;

/// <summary>
/// Writes the sandbox's answers, built as <see cref="JsonNode"/> trees under the wire names of
/// <c>openapi/keysecure.yaml</c> and <c>openapi/worldfirst.yaml</c>. The sandbox shares no model with the SDK, so the
/// two read the specifications independently and a wrong member name or type on either side shows up in the tests.
/// </summary>
/// <remarks>
/// A member whose value is null is left out, as the provider leaves out a field it has no value for (<c>fail_reason</c>
/// of an approved cardholder, <c>consume_relate_no</c> of a consumption). Compact output; no reflection, so the
/// sandbox stays trim- and NativeAOT-safe.
/// </remarks>
internal static class WireJson
{
    /// <summary>Compact UTF-8 JSON of <paramref name="node"/> with non-ASCII text escaped (<c>\uXXXX</c>).</summary>
    public static byte[] ToUtf8Bytes(JsonNode node) => ToUtf8Bytes(node, new JsonWriterOptions());

    /// <summary>
    /// Compact UTF-8 JSON of <paramref name="node"/> with non-ASCII text written as itself, as a webhook body is sent:
    /// the receiver then signs the characters it reads, which are the characters the sandbox signed.
    /// </summary>
    public static byte[] ToUtf8BytesUnescaped(JsonNode node) =>
        ToUtf8Bytes(node, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Writes <paramref name="node"/>, leaving out object members whose value is null.</summary>
    public static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject members:
                writer.WriteStartObject();
                foreach (var (name, value) in members)
                {
                    if (value is null) continue;
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray items:
                writer.WriteStartArray();
                foreach (var item in items) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>A JSON array of <paramref name="items"/>.</summary>
    public static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(item => (JsonNode)item)]);

    private static byte[] ToUtf8Bytes(JsonNode node, JsonWriterOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            Write(writer, node);
        }
        return stream.ToArray();
    }
}
