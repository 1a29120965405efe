using System.Text.RegularExpressions;
using KeySecure.Generated.ContractTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.ContractTests.Conformance;

/// <summary>The operations of one OpenAPI file (read with YamlDotNet): id, method, path, request body property names.</summary>
public sealed class OpenApiSpec
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options"];
    private static readonly Lazy<OpenApiSpec> KeySecureSpec = new(() => Load("keysecure.yaml"));
    private static readonly Lazy<OpenApiSpec> WorldFirstSpec = new(() => Load("worldfirst.yaml"));

    private OpenApiSpec(string file, IReadOnlyList<SpecOperation> operations)
    {
        File = file;
        Operations = operations;
    }

    public static OpenApiSpec KeySecure => KeySecureSpec.Value;

    public static OpenApiSpec WorldFirst => WorldFirstSpec.Value;

    public string File { get; }

    public IReadOnlyList<SpecOperation> Operations { get; }

    public SpecOperation Operation(string operationId) =>
        Operations.SingleOrDefault(o => o.OperationId == operationId)
        ?? throw new InvalidOperationException($"{File} has no operation '{operationId}'.");

    public static OpenApiSpec Load(string fileName)
    {
        var path = RepoPaths.OpenApi(fileName);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var schemas = Child(Child(root, "components"), "schemas");
        var operations = new List<SpecOperation>();
        foreach (var (pathKey, pathNode) in ((YamlMappingNode)root.Children[new YamlScalarNode("paths")]).Children)
        {
            foreach (var (methodKey, opNode) in ((YamlMappingNode)pathNode).Children)
            {
                var method = ((YamlScalarNode)methodKey).Value!;
                if (!HttpMethods.Contains(method) || opNode is not YamlMappingNode op) continue;
                var id = Scalar(op, "operationId") ?? throw new InvalidOperationException($"{fileName}: {method} {pathKey} has no operationId.");
                operations.Add(new SpecOperation(id, method.ToUpperInvariant(), ((YamlScalarNode)pathKey).Value!, RequestProperties(op, schemas)));
            }
        }
        return new OpenApiSpec(fileName, operations);
    }

    private static IReadOnlySet<string> RequestProperties(YamlMappingNode op, YamlMappingNode? schemas)
    {
        var schema = Child(Child(Child(Child(op, "requestBody"), "content"), "application/json"), "schema");
        var reference = schema is null ? null : Scalar(schema, "$ref");
        if (reference is not null) schema = Child(schemas, reference.Split('/').Last());
        var properties = Child(schema, "properties");
        return properties is null
            ? new HashSet<string>()
            : properties.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);
    }

    private static YamlMappingNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;
}

/// <summary>One operation of a spec.</summary>
public sealed record SpecOperation(string OperationId, string Method, string Path, IReadOnlySet<string> RequestProperties)
{
    /// <summary>The path as a regex (each <c>{param}</c> one non-empty segment).</summary>
    public string PathRegex(string prefix) =>
        "^" + Regex.Escape(prefix) + Regex.Replace(Regex.Escape(Path), @"\\\{[^/]+?}", "[^/]+") + "$";
}
