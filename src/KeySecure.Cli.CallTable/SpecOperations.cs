using System.Text.Json.Nodes;

namespace KeySecure.Cli.CallTable;

/// <summary>One request field, flattened: nested object properties carry dotted names (<c>address_info.city</c>).</summary>
internal sealed record Field(string Name, string Type, string? Format, bool Required, string? Description, IReadOnlyList<string> Enum, bool InPath);

/// <summary>What the CLI needs to know about one operation of a spec.</summary>
internal sealed record Operation(
    string Id,
    string Tag,
    string Method,
    string Path,
    string Summary,
    string Effect,
    IReadOnlyList<string> EncryptedFields,
    IReadOnlyList<Field> Fields,
    IReadOnlyList<string> MaskedFields,
    string? BodyType,
    bool Pageable,
    string? CliPath);

/// <summary>The operations of one spec's client view (build/OpenApiViews writes it as JSON, refs kept).</summary>
internal sealed record SpecOperations(string Namespace, string ClientExpression, IReadOnlyList<Operation> Operations)
{
    private const string SchemaPrefix = "#/components/schemas/";
    private const string ParameterPrefix = "#/components/parameters/";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static SpecOperations Read(string viewPath, string ns, string clientExpression)
    {
        var document = JsonNode.Parse(File.ReadAllText(viewPath))?.AsObject()
                       ?? throw new InvalidDataException($"{viewPath}: not a JSON object.");
        var reader = new ViewReader(document, viewPath);
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation) operations.Add(reader.Operation(path, method.ToUpperInvariant(), operation));
            }
        }
        return new SpecOperations(ns, clientExpression, operations);
    }

    private sealed class ViewReader(JsonObject document, string viewPath)
    {
        public Operation Operation(string path, string method, JsonObject operation)
        {
            var id = Text(operation, "operationId");
            var fields = new List<Field>();
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                var resolved = Resolve(parameter!.AsObject(), ParameterPrefix, "parameters");
                if (resolved["in"]?.GetValue<string>() != "path")
                {
                    throw new InvalidDataException($"{viewPath}: {id} has a {resolved["in"]} parameter; the CLI knows path parameters and JSON bodies only.");
                }
                var schema = Schema(resolved["schema"]!.AsObject());
                fields.Add(new Field(Text(resolved, "name"), Type(schema), Optional(schema, "format"), true,
                    Optional(resolved, "description"), EnumOf(schema), InPath: true));
            }

            string? bodyType = null;
            var body = operation["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
            if (body is not null)
            {
                bodyType = SchemaName(body, id);
                Flatten(Schema(body), prefix: "", parentRequired: true, fields);
            }

            var masked = new SortedSet<string>(StringComparer.Ordinal);
            if (operation["responses"]?["200"]?["content"]?["application/json"]?["schema"] is JsonObject response)
            {
                CollectMasked(response, masked, depth: 0);
            }

            var encrypted = Optional(operation, "x-keysecure-encrypted-fields")?
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
            var pageable = id.StartsWith("List", StringComparison.Ordinal)
                           && fields.Any(f => f.Name == "page") && fields.Any(f => f.Name == "size");
            return new Operation(id, (operation["tags"]?[0]?.GetValue<string>()) ?? throw new InvalidDataException($"{viewPath}: {id} has no tag."),
                method, path, Optional(operation, "summary") ?? id,
                Optional(operation, "x-keysecure-effect") ?? throw new InvalidDataException($"{viewPath}: {id} has no x-keysecure-effect."),
                encrypted, fields, [.. masked], bodyType, pageable, CliPath(operation, id));
        }

        // "group verb", both in kebab case: the friendly path the spec names for the operation.
        private string? CliPath(JsonObject operation, string id) => Optional(operation, "x-keysecure-cli-path") is not { } path
            ? null
            : System.Text.RegularExpressions.Regex.IsMatch(path, "^[a-z][a-z-]* [a-z][a-z-]*$")
                ? path
                : throw new InvalidDataException($"{viewPath}: {id}'s x-keysecure-cli-path '{path}' is not 'group verb' in kebab case.");

        private void Flatten(JsonObject schema, string prefix, bool parentRequired, List<Field> fields)
        {
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                var own = property!.AsObject();
                var resolved = Schema(own);
                var dotted = prefix + name;
                var isRequired = required.Contains(name);
                var description = Optional(own, "description") ?? Optional(resolved, "description");
                var type = Type(resolved);
                fields.Add(new Field(dotted, type, Optional(resolved, "format"), isRequired, description, EnumOf(resolved), InPath: false));
                if (type == "object") Flatten(resolved, dotted + ".", parentRequired && isRequired, fields);
            }
        }

        /// <summary>Response properties holding card data: marked encrypted (KeySecure) or sensitive (WorldFirst).</summary>
        private void CollectMasked(JsonObject schema, SortedSet<string> masked, int depth)
        {
            if (depth > 8) return;
            var resolved = Schema(schema);
            foreach (var (name, property) in resolved["properties"]?.AsObject() ?? [])
            {
                var own = property!.AsObject();
                var target = Schema(own);
                if (Flag(own, "x-keysecure-encrypted") || Flag(own, "x-keysecure-sensitive") || Flag(target, "x-keysecure-sensitive")) masked.Add(name);
                CollectMasked(target, masked, depth + 1);
                if (target["items"] is JsonObject items) CollectMasked(items, masked, depth + 1);
            }
        }

        /// <summary>The schema behind a <c>$ref</c> or a single-element <c>allOf</c> (how the view writes a described reference).</summary>
        private JsonObject Schema(JsonObject schema)
        {
            if (schema["$ref"] is not null) return Schema(Resolve(schema, SchemaPrefix, "schemas"));
            if (schema["allOf"] is JsonArray { Count: 1 } allOf) return Schema(allOf[0]!.AsObject());
            return schema;
        }

        private string SchemaName(JsonObject schema, string id) =>
            schema["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith(SchemaPrefix, StringComparison.Ordinal)
                ? reference[SchemaPrefix.Length..]
                : throw new InvalidDataException($"{viewPath}: the request body of {id} must be a '{SchemaPrefix}<name>' reference.");

        private JsonObject Resolve(JsonObject node, string prefix, string section)
        {
            if (node["$ref"]?.GetValue<string>() is not { } reference) return node;
            if (!reference.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidDataException($"{viewPath}: unsupported reference '{reference}'.");
            return document["components"]?[section]?[reference[prefix.Length..]]?.AsObject()
                   ?? throw new InvalidDataException($"{viewPath}: '{reference}' does not exist.");
        }

        private static string Type(JsonObject schema) =>
            schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : "string");

        private static IReadOnlyList<string> EnumOf(JsonObject schema) =>
            schema["enum"]?.AsArray().Where(v => v is not null).Select(v => v!.ToString()).ToArray() ?? [];

        private static bool Flag(JsonObject node, string name) => node[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

        private static string? Optional(JsonObject node, string name) => node[name]?.GetValue<string>();

        private string Text(JsonObject node, string name) =>
            Optional(node, name) ?? throw new InvalidDataException($"{viewPath}: '{name}' is missing.");
    }
}
