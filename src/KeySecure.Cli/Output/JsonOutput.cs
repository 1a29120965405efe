using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KeySecure.Cli.Call;

namespace KeySecure.Cli.Output;

/// <summary>Writes the one JSON document a command prints on stdout.</summary>
public static class JsonOutput
{
    /// <summary>Indented, snake_case names as given, non-ASCII left readable.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes <paramref name="document"/> followed by a newline.</summary>
    public static void Write(TextWriter stdout, JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(document);
        stdout.WriteLine(document.ToJsonString(Options));
        stdout.Flush();
    }

    /// <summary>
    /// A generated DTO as a JSON object (its own snake_case names and enum converters), through the SDK's
    /// source-generated metadata: no reflection, so the NativeAOT tool prints the same document as the JIT one.
    /// </summary>
    public static JsonObject ToNode<T>(T value) =>
        JsonSerializer.SerializeToNode(value, (JsonTypeInfo<T>)SdkJson.Options.GetTypeInfo(typeof(T)))?.AsObject() ?? new JsonObject();
}
