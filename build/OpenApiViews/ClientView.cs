using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace KeySecure.Generated.Build.OpenApiViews;

/// <summary>
/// Derives the view of a spec that the clients are generated from. The spec describes the wire: a KeySecure answer is
/// the envelope <c>{code, msg, data}</c>, so each 200 response is <c>Success</c> composed (allOf) with an object whose
/// <c>data</c> is the operation's result, or <c>ProviderError</c>. The generated clients return <c>data</c> typed
/// (the runtime opens the envelope), so in the view each 200 schema is replaced by its <c>data</c> schema (by the
/// schema <c>x-keysecure-plaintext-schema</c> names when <c>data</c> travels encrypted), and the schemas flagged
/// <c>x-keysecure-wire-only</c> are left out. A spec without the root <c>x-keysecure-envelope</c> (WorldFirst: no
/// envelope) passes through unchanged. Written as OpenAPI 3.0 JSON, which NSwag reads like the YAML.
/// </summary>
public static class ClientView
{
    private const string EnvelopeExtension = "x-keysecure-envelope";
    private const string WireOnlyExtension = "x-keysecure-wire-only";
    private const string PlaintextSchemaExtension = "x-keysecure-plaintext-schema";
    private const string SchemaPrefix = "#/components/schemas/";

    public static async Task WriteAsync(string specPath, string viewPath)
    {
        var document = await ReadAsync(specPath);
        Derive(document);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(viewPath))!);
        using var buffer = new MemoryStream();
        await document.SerializeAsJsonAsync(buffer, OpenApiSpecVersion.OpenApi3_0);
        var bytes = buffer.ToArray();
        // Rewritten only when it changes: an unchanged view keeps its date.
        if (!File.Exists(viewPath) || !File.ReadAllBytes(viewPath).AsSpan().SequenceEqual(bytes)) await File.WriteAllBytesAsync(viewPath, bytes);
    }

    public static void Derive(OpenApiDocument document)
    {
        if (Extension(document.Extensions, EnvelopeExtension) is not JsonObject envelope) return;
        var success = SchemaId((string?)envelope["success"], $"{EnvelopeExtension}.success");
        var dataProperty = (string?)envelope["dataProperty"]
                           ?? throw new SpecConventionException($"{EnvelopeExtension} names no dataProperty.");

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var where = $"{operation.OperationId ?? method.Method + " " + path}";
                if (operation.Responses?.TryGetValue("200", out var response) != true || response!.Content is null
                    || !response.Content.TryGetValue("application/json", out var found) || found is not OpenApiMediaType media
                    || media.Schema is null)
                {
                    throw new SpecConventionException($"{where}: no application/json 200 response.");
                }
                var data = DataSchema(media.Schema, success, dataProperty)
                           ?? throw new SpecConventionException(
                               $"{where}: the 200 schema is not '{success}' composed by allOf with an object whose '{dataProperty}' is the result.");
                media.Schema = Extension(data.Extensions, PlaintextSchemaExtension) is JsonValue plaintext
                    ? new OpenApiSchemaReference(SchemaId((string?)plaintext, $"{where}: {PlaintextSchemaExtension}"), document)
                    : data;
                media.Example = null;
                media.Examples = null;
            }
        }

        var wireOnly = document.Components?.Schemas?
            .Where(s => Extension(s.Value.Extensions, WireOnlyExtension) is JsonValue flag && flag.TryGetValue(out bool on) && on)
            .Select(s => s.Key)
            .ToList() ?? [];
        foreach (var name in wireOnly) document.Components!.Schemas!.Remove(name);
    }

    /// <summary>The data schema of a 200 schema: itself or one of its oneOf/anyOf members is allOf [success, {data}].</summary>
    private static IOpenApiSchema? DataSchema(IOpenApiSchema schema, string success, string dataProperty)
    {
        IEnumerable<IOpenApiSchema> candidates = [schema, .. schema.OneOf ?? [], .. schema.AnyOf ?? []];
        foreach (var candidate in candidates)
        {
            var parts = candidate.AllOf ?? [];
            if (!parts.Any(p => p is OpenApiSchemaReference r && r.Reference.Id == success)) continue;
            var data = parts
                .Where(p => p is not OpenApiSchemaReference)
                .Select(p => p.Properties is { } properties && properties.TryGetValue(dataProperty, out var d) ? d : null)
                .SingleOrDefault(d => d is not null);
            if (data is not null) return data;
        }
        return null;
    }

    private static JsonNode? Extension(IDictionary<string, IOpenApiExtension>? extensions, string name) =>
        extensions is not null && extensions.TryGetValue(name, out var value) && value is JsonNodeExtension node ? node.Node : null;

    private static string SchemaId(string? reference, string where) =>
        reference is not null && reference.StartsWith(SchemaPrefix, StringComparison.Ordinal)
            ? reference[SchemaPrefix.Length..]
            : throw new SpecConventionException($"{where} must be '{SchemaPrefix}<name>', not '{reference}'.");

    /// <summary>Reads a spec with the reader's default validation rules; any error is a <see cref="SpecConventionException"/>.</summary>
    internal static async Task<OpenApiDocument> ReadAsync(string specPath)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        await using var stream = File.OpenRead(specPath);
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "yaml", settings);
        if (document is null || diagnostic is null || diagnostic.Errors.Count > 0)
        {
            var errors = diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? ["no document"];
            throw new SpecConventionException("not valid OpenAPI: " + string.Join("; ", errors));
        }
        return document;
    }
}
