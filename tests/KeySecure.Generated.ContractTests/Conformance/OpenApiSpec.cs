using System.Text.RegularExpressions;
using KeySecure.Generated.ContractTests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace KeySecure.Generated.ContractTests.Conformance;

/// <summary>
/// The operations of one OpenAPI file as Microsoft.OpenApi reads it (a reader independent of the NSwag that generates the
/// clients): id, method, path, request body property names. A file the reader reports errors for does not load.
/// </summary>
public sealed class OpenApiSpec
{
    private static readonly Lazy<OpenApiSpec> KeySecureSpec = new(() => Load("keysecure.yaml"));
    private static readonly Lazy<OpenApiSpec> WorldFirstSpec = new(() => Load("worldfirst.yaml"));

    private OpenApiSpec(string file, IReadOnlyList<SpecOperation> operations, IReadOnlyList<string> warnings)
    {
        File = file;
        Operations = operations;
        Warnings = warnings;
    }

    public static OpenApiSpec KeySecure => KeySecureSpec.Value;

    public static OpenApiSpec WorldFirst => WorldFirstSpec.Value;

    public string File { get; }

    public IReadOnlyList<SpecOperation> Operations { get; }

    /// <summary>What the reader warned about (errors never get this far).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public SpecOperation Operation(string operationId) =>
        Operations.SingleOrDefault(o => o.OperationId == operationId)
        ?? throw new InvalidOperationException($"{File} has no operation '{operationId}'.");

    /// <summary>Reads a file of openapi/ with the reader's default validation rules; any error is an exception listing them all.</summary>
    public static OpenApiSpec Load(string fileName) => LoadFile(RepoPaths.OpenApi(fileName));

    /// <inheritdoc cref="Load"/>
    public static OpenApiSpec LoadFile(string path)
    {
        var fileName = System.IO.Path.GetFileName(path);
        var (document, diagnostic) = Read(path);
        if (document is null || diagnostic is null || diagnostic.Errors.Count > 0)
        {
            var errors = diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? ["no document"];
            throw new InvalidOperationException($"{fileName} is not valid OpenAPI:\n  " + string.Join("\n  ", errors));
        }

        var operations = new List<SpecOperation>();
        foreach (var (pathTemplate, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var id = operation.OperationId ?? throw new InvalidOperationException($"{fileName}: {method} {pathTemplate} has no operationId.");
                operations.Add(new SpecOperation(id, method.Method.ToUpperInvariant(), pathTemplate, RequestProperties(operation)));
            }
        }
        return new OpenApiSpec(fileName, operations, diagnostic.Warnings.Select(w => $"{w.Pointer}: {w.Message}").ToList());
    }

    private static ReadResult Read(string path)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var stream = System.IO.File.OpenRead(path);
        return OpenApiDocument.LoadAsync(stream, "yaml", settings).GetAwaiter().GetResult();
    }

    private static IReadOnlySet<string> RequestProperties(OpenApiOperation operation)
    {
        var schema = operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json) ? json.Schema : null;
        return schema?.Properties?.Keys.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
    }
}

/// <summary>One operation of a spec.</summary>
public sealed record SpecOperation(string OperationId, string Method, string Path, IReadOnlySet<string> RequestProperties)
{
    /// <summary>The path as a regex (each <c>{param}</c> one non-empty segment).</summary>
    public string PathRegex(string prefix) =>
        "^" + Regex.Escape(prefix) + Regex.Replace(Regex.Escape(Path), @"\\\{[^/]+?}", "[^/]+") + "$";
}
