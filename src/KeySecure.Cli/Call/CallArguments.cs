using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace KeySecure.Cli.Call;

/// <summary>
/// The checked input of one call (see <see cref="RequestBuilder"/>): path parameters by name and the body as the typed
/// request of the generated client, read with the SDK's own source-generated JSON metadata (no reflection).
/// </summary>
internal sealed class CallArguments(IReadOnlyDictionary<string, string> pathValues, JsonObject body)
{
    public string Text(string name) => pathValues[name];

    public T Body<T>()
    {
        var typeInfo = (JsonTypeInfo<T>)SdkJson.Options.GetTypeInfo(typeof(T));
        try
        {
            return body.Deserialize(typeInfo) ?? throw new CliUsageException("Invalid input, nothing was sent: the request body is empty.");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"Invalid input, nothing was sent: '{e.Path}' does not read as the spec's type.");
        }
    }
}

/// <summary>The SDK's serializer settings (its generated contexts and tolerant converters), for requests and answers.</summary>
internal static class SdkJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>One JSON object per line (NDJSON).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = KeySecure.Generated.Http.JsonDefaults.Apply(new JsonSerializerOptions());
        options.WriteIndented = indented;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.MakeReadOnly();
        return options;
    }
}
