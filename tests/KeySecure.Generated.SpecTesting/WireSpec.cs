using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace KeySecure.Generated.SpecTesting;

/// <summary>
/// One spec of openapi/ as Microsoft.OpenApi reads and validates it, written back as OpenAPI 3.1 JSON (whose schemas
/// are JSON Schema 2020-12: <c>nullable</c> already turned into type arrays) for the wire checks and the examples.
/// </summary>
public sealed class WireSpec
{
    private const string ComponentPrefix = "#/components/";
    private static readonly Lazy<WireSpec> LazyKeySecure = new(() => Load(RepoLocator.OpenApi("keysecure.yaml")));
    private static readonly Lazy<WireSpec> LazyWorldFirst = new(() => Load(RepoLocator.OpenApi("worldfirst.yaml")));

    private WireSpec(string fileName, JsonObject document, IReadOnlyList<string> warnings)
    {
        FileName = fileName;
        Document = document;
        Warnings = warnings;
        var serverUrl = (string?)document["servers"]?[0]?["url"];
        BasePath = serverUrl is null ? "" : new Uri(serverUrl).AbsolutePath.TrimEnd('/');
        Operations = ReadOperations().ToList();
    }

    public static WireSpec KeySecure => LazyKeySecure.Value;

    public static WireSpec WorldFirst => LazyWorldFirst.Value;

    public string FileName { get; }

    /// <summary>The document as OpenAPI 3.1 JSON.</summary>
    public JsonObject Document { get; }

    /// <summary>The path of the first server (<c>/open-api/v1</c> for KeySecure), which operation paths follow.</summary>
    public string BasePath { get; }

    public IReadOnlyList<WireOperation> Operations { get; }

    /// <summary>What the reader warned about (errors never get this far).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public WireOperation Operation(string operationId) =>
        Operations.SingleOrDefault(o => o.OperationId == operationId)
        ?? throw new InvalidOperationException($"{FileName} has no operation '{operationId}'.");

    /// <summary>The operation a request for this method and path (server base path included) is for, if any.</summary>
    public WireOperation? Match(string method, string path) =>
        Operations.FirstOrDefault(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && o.PathPattern.IsMatch(path));

    /// <summary>Reads a spec file with the reader's default validation rules; any error is an exception listing them all.</summary>
    public static WireSpec Load(string path)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var stream = File.OpenRead(path);
        var (document, diagnostic) = OpenApiDocument.LoadAsync(stream, "yaml", settings).GetAwaiter().GetResult();
        if (document is null || diagnostic is null || diagnostic.Errors.Count > 0)
        {
            var errors = diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? ["no document"];
            throw new InvalidOperationException($"{Path.GetFileName(path)} is not valid OpenAPI:\n  " + string.Join("\n  ", errors));
        }
        var json = JsonNode.Parse(document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1).GetAwaiter().GetResult())!.AsObject();
        KeepExplicitlyOpenSchemas(path, json);
        return new WireSpec(Path.GetFileName(path), json, diagnostic.Warnings.Select(w => $"{w.Pointer}: {w.Message}").ToList());
    }

    /// <summary>
    /// Microsoft.OpenApi writes no <c>additionalProperties: true</c> (it is the default), yet a component that says so
    /// is open on purpose (more fields exist than are public) while the wire checks close every other object: the
    /// flag is taken back from the YAML as written.
    /// </summary>
    private static void KeepExplicitlyOpenSchemas(string path, JsonObject document)
    {
        var yaml = new SharpYaml.Serialization.YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var written = Microsoft.OpenApi.YamlReader.YamlConverter.ToJsonNode(yaml.Documents[0]);
        foreach (var (name, schema) in written?["components"]?["schemas"]?.AsObject() ?? [])
        {
            if (schema?["additionalProperties"] is JsonValue open && open.TryGetValue(out bool allowed) && allowed
                && document["components"]?["schemas"]?[name] is JsonObject read)
            {
                read["additionalProperties"] = true;
            }
        }
    }

    /// <summary>Follows a <c>$ref</c> to a component (parameters, responses, schemas) until the object itself.</summary>
    public JsonObject Resolve(JsonObject node)
    {
        for (var hops = 0; (string?)node["$ref"] is { } reference; hops++)
        {
            if (hops > 16 || !reference.StartsWith(ComponentPrefix, StringComparison.Ordinal)) throw new InvalidOperationException($"{FileName}: cannot follow $ref '{reference}'.");
            var parts = reference[ComponentPrefix.Length..].Split('/');
            node = Document["components"]?[parts[0]]?[parts[1]] as JsonObject
                   ?? throw new InvalidOperationException($"{FileName}: $ref '{reference}' points nowhere.");
        }
        return node;
    }

    private IEnumerable<WireOperation> ReadOperations()
    {
        foreach (var (template, item) in Document["paths"]!.AsObject())
        {
            var pathItem = item!.AsObject();
            foreach (var (method, operation) in pathItem)
            {
                if (operation is not JsonObject op || (string?)op["operationId"] is not { } id) continue;
                var parameters = (pathItem["parameters"]?.AsArray() ?? []).Concat(op["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(p!.AsObject()))
                    .ToList();
                var pattern = "^" + Regex.Escape(BasePath) + Regex.Replace(Regex.Escape(template), @"\\\{([^/}]+)}", "(?<$1>[^/]+)") + "$";
                yield return new WireOperation(this, id, method.ToUpperInvariant(), template, new Regex(pattern), op, parameters);
            }
        }
    }
}

/// <summary>One operation of a <see cref="WireSpec"/>.</summary>
public sealed record WireOperation(
    WireSpec Spec,
    string OperationId,
    string Method,
    string PathTemplate,
    Regex PathPattern,
    JsonObject Node,
    IReadOnlyList<JsonObject> Parameters)
{
    public override string ToString() => $"{OperationId} ({Method} {PathTemplate})";
}
