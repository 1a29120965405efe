using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>One operation of a spec: what the tests compare against the generated code.</summary>
internal sealed record SpecOperation(
    OpenApiDocument Document,
    string Path,
    string Method,
    string OperationId,
    string Tag,
    YamlMappingNode Node)
{
    public string? Extension(string name) => OpenApiDocument.Scalar(Node, name);

    public override string ToString() => $"{Method.ToUpperInvariant()} {Path} ({OperationId})";
}

/// <summary>A spec parsed with YamlDotNet's representation model (no typed deserialization).</summary>
internal sealed class OpenApiDocument
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static readonly Lazy<OpenApiDocument> LazyKeySecure =
        new(() => Load(RepoPaths.KeySecureSpec, "KeySecure.Generated.OpenPlatform"));

    private static readonly Lazy<OpenApiDocument> LazyWorldFirst =
        new(() => Load(RepoPaths.WorldFirstSpec, "KeySecure.Generated.WorldFirst"));

    private OpenApiDocument(string filePath, string clientNamespace, YamlMappingNode root)
    {
        FilePath = filePath;
        ClientNamespace = clientNamespace;
        Root = root;
        Operations = ReadOperations();
    }

    public static OpenApiDocument KeySecure => LazyKeySecure.Value;

    public static OpenApiDocument WorldFirst => LazyWorldFirst.Value;

    public static IReadOnlyList<OpenApiDocument> Both => [KeySecure, WorldFirst];

    public string FilePath { get; }

    public string FileName => System.IO.Path.GetFileName(FilePath);

    /// <summary>The namespace the build generates this spec into.</summary>
    public string ClientNamespace { get; }

    public YamlMappingNode Root { get; }

    public IReadOnlyList<SpecOperation> Operations { get; }

    public static OpenApiDocument Load(string filePath, string clientNamespace)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(filePath))
        {
            stream.Load(reader);
        }

        var root = stream.Documents.Single().RootNode as YamlMappingNode
                   ?? throw new InvalidDataException($"{filePath}: the root is not a mapping.");
        return new OpenApiDocument(filePath, clientNamespace, root);
    }

    /// <summary>Finds the spec and operation for a "file|operationId" pair used as theory data.</summary>
    public static SpecOperation Find(string specFile, string operationId)
    {
        var document = Both.Single(d => d.FileName == specFile);
        return document.Operations.Single(o => o.OperationId == operationId);
    }

    /// <summary>Every operation of both specs, as theory rows (spec file name, operationId).</summary>
    public static TheoryData<string, string> AllOperationRows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var document in Both)
        {
            foreach (var operation in document.Operations)
            {
                rows.Add(document.FileName, operation.OperationId);
            }
        }

        return rows;
    }

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Follows <c>$ref</c> (local JSON pointers only) until a node without one is reached.</summary>
    public YamlNode? Resolve(YamlNode? node)
    {
        for (var hops = 0; node is YamlMappingNode mapping && Scalar(mapping, "$ref") is { } reference; hops++)
        {
            if (hops > 32 || !reference.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{FileName}: cannot resolve $ref '{reference}'.");
            }

            YamlNode current = Root;
            foreach (var segment in reference[2..].Split('/'))
            {
                var key = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                current = Child(current, key) ?? throw new InvalidDataException($"{FileName}: $ref '{reference}' points nowhere.");
            }

            node = current;
        }

        return node;
    }

    /// <summary>The properties of a schema (after $ref), including those of its allOf members.</summary>
    public IReadOnlyDictionary<string, YamlMappingNode> SchemaProperties(YamlNode? schema)
    {
        var result = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        Collect(Resolve(schema), result, depth: 0);
        return result;

        void Collect(YamlNode? node, Dictionary<string, YamlMappingNode> into, int depth)
        {
            if (node is not YamlMappingNode mapping || depth > 16)
            {
                return;
            }

            if (Child(mapping, "properties") is YamlMappingNode properties)
            {
                foreach (var (key, value) in properties.Children)
                {
                    if (Resolve(value) is YamlMappingNode property)
                    {
                        into[((YamlScalarNode)key).Value!] = property;
                    }
                }
            }

            if (Child(mapping, "allOf") is YamlSequenceNode allOf)
            {
                foreach (var member in allOf)
                {
                    Collect(Resolve(member), into, depth + 1);
                }
            }
        }
    }

    /// <summary>The JSON request body schema of an operation, or null when it has none.</summary>
    public YamlNode? RequestSchema(SpecOperation operation) =>
        Child(Child(Child(Resolve(Child(operation.Node, "requestBody")), "content"), "application/json"), "schema");

    /// <summary>The operation's parameters (path-level and operation-level), $refs resolved.</summary>
    public IEnumerable<YamlMappingNode> Parameters(SpecOperation operation)
    {
        var pathItem = Child(Child(Root, "paths"), operation.Path);
        foreach (var owner in new[] { pathItem, operation.Node })
        {
            if (Child(owner, "parameters") is YamlSequenceNode parameters)
            {
                foreach (var parameter in parameters)
                {
                    if (Resolve(parameter) is YamlMappingNode resolved)
                    {
                        yield return resolved;
                    }
                }
            }
        }
    }

    private List<SpecOperation> ReadOperations()
    {
        var operations = new List<SpecOperation>();
        if (Child(Root, "paths") is not YamlMappingNode paths)
        {
            throw new InvalidDataException($"{FileName}: no paths.");
        }

        foreach (var (pathKey, pathItem) in paths.Children)
        {
            var path = ((YamlScalarNode)pathKey).Value!;
            if (pathItem is not YamlMappingNode pathMapping)
            {
                continue;
            }

            foreach (var (methodKey, operationNode) in pathMapping.Children)
            {
                var method = ((YamlScalarNode)methodKey).Value!;
                if (!HttpMethods.Contains(method) || operationNode is not YamlMappingNode operation)
                {
                    continue;
                }

                var operationId = Scalar(operation, "operationId")
                                  ?? throw new InvalidDataException($"{FileName}: {method} {path} has no operationId.");
                var tag = (Child(operation, "tags") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().FirstOrDefault()?.Value
                          ?? throw new InvalidDataException($"{FileName}: {method} {path} has no tag.");
                operations.Add(new SpecOperation(this, path, method, operationId, tag, operation));
            }
        }

        return operations;
    }
}
