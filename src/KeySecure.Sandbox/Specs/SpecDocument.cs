using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KeySecure.Sandbox.Specs;

/// <summary>
/// One spec of <c>openapi/</c> as the sandbox carries it (the YAML as written, in JSON, embedded at build time): its
/// operations, matched by method and path, and its components, which <c>$ref</c>s are resolved against.
/// </summary>
internal sealed class SpecDocument
{
    private const string ComponentPrefix = "#/components/";

    public SpecDocument(string fileName, JsonObject document)
    {
        FileName = fileName;
        Document = document;
        // A parsed JsonObject or JsonArray builds its members on first access, which is not safe when two requests
        // read the same node at once: built here, up front, the document is only read afterwards.
        Materialize(document);
        var serverUrl = (string?)document["servers"]?[0]?["url"];
        BasePath = serverUrl is null ? "" : new Uri(serverUrl).AbsolutePath.TrimEnd('/');
        Operations = ReadOperations().ToList();
    }

    public string FileName { get; }

    public JsonObject Document { get; }

    /// <summary>The path of the first server (<c>/open-api/v1</c> for KeySecure), which every operation's path follows.</summary>
    public string BasePath { get; }

    public IReadOnlyList<SpecOperation> Operations { get; }

    /// <summary>The operation a request with this method and path (the base path included) is for; null if none.</summary>
    public SpecOperation? Match(string method, string path) =>
        Operations.FirstOrDefault(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && o.PathPattern.IsMatch(path));

    /// <summary>Follows <c>$ref</c>s to a component (parameters, request bodies, responses, schemas) until the object itself.</summary>
    public JsonObject Resolve(JsonObject node)
    {
        for (var hops = 0; (string?)node["$ref"] is { } reference; hops++)
        {
            if (hops > 16 || !reference.StartsWith(ComponentPrefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{FileName}: cannot follow $ref '{reference}'.");
            }
            var parts = reference[ComponentPrefix.Length..].Split('/');
            node = Document["components"]?[parts[0]]?[parts[1]] as JsonObject
                   ?? throw new InvalidOperationException($"{FileName}: $ref '{reference}' points nowhere.");
        }
        return node;
    }

    /// <summary>The <c>schema</c> of the JSON member of a request body's or response's <c>content</c>; null when it has none.</summary>
    public static JsonNode? JsonSchemaOf(JsonObject holder) =>
        holder["content"] is JsonObject content
            ? content.FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)).Value?["schema"]
            : null;

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (_, member) in members) Materialize(member);
                break;
            case JsonArray items:
                foreach (var item in items) Materialize(item);
                break;
        }
    }

    private IEnumerable<SpecOperation> ReadOperations()
    {
        foreach (var (template, item) in Document["paths"]?.AsObject() ?? [])
        {
            if (item is not JsonObject pathItem) continue;
            foreach (var (method, operation) in pathItem)
            {
                if (operation is not JsonObject node || (string?)node["operationId"] is not { } id) continue;
                var parameters = (pathItem["parameters"]?.AsArray() ?? []).Concat(node["parameters"]?.AsArray() ?? [])
                    .OfType<JsonObject>()
                    .Select(Resolve)
                    .ToList();
                var pattern = "^" + Regex.Escape(BasePath)
                    + Regex.Replace(Regex.Escape(template), @"\\\{([^/}]+)}", "(?<$1>[^/]+)", RegexOptions.None, TimeSpan.FromSeconds(1)) + "$";
                yield return new SpecOperation(this, id, method.ToUpperInvariant(), template,
                    new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), node, parameters);
            }
        }
    }
}

/// <summary>One operation of a <see cref="SpecDocument"/>.</summary>
internal sealed record SpecOperation(
    SpecDocument Spec, string OperationId, string Method, string PathTemplate, Regex PathPattern, JsonObject Node, IReadOnlyList<JsonObject> Parameters)
{
    public override string ToString() => $"{OperationId} ({Method} {PathTemplate})";
}
