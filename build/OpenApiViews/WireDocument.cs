using System.Text.Json;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;

namespace KeySecure.Generated.Build.OpenApiViews;

/// <summary>
/// The spec itself, as written, in JSON: what the sandbox embeds to check requests and answer operations it does not
/// emulate (a JSON reader is all it needs at run time, so it stays free of YAML and OpenAPI libraries and trim-safe).
/// The spec is read and validated first, so a broken spec fails here as it fails the client view; the JSON is then
/// converted from the YAML text rather than written back by the reader, which would drop what the spec states on
/// purpose (an explicit <c>additionalProperties: true</c>).
/// </summary>
public static class WireDocument
{
    public static async Task WriteAsync(string specPath, string jsonPath)
    {
        await ClientView.ReadAsync(specPath);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(specPath)) yaml.Load(reader);
        var json = YamlConverter.ToJsonNode(yaml.Documents[0]);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json, WireDocumentJson.Default.JsonNode);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        // Rewritten only when it changes, like the view.
        if (!File.Exists(jsonPath) || !File.ReadAllBytes(jsonPath).AsSpan().SequenceEqual(bytes)) await File.WriteAllBytesAsync(jsonPath, bytes);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
internal sealed partial class WireDocumentJson : System.Text.Json.Serialization.JsonSerializerContext;
