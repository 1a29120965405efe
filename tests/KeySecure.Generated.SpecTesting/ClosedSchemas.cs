using System.Text.Json.Nodes;

namespace KeySecure.Generated.SpecTesting;

/// <summary>
/// Turns the OpenAPI 3.1 schemas of a <see cref="WireSpec"/> into JSON Schema 2020-12 documents in which every object
/// is closed: a member the spec does not declare is an error (<c>unevaluatedProperties: false</c>), unless the schema
/// itself says <c>additionalProperties</c> (the spec's explicitly open objects stay open). A schema composed by
/// <c>allOf</c> is closed as a whole: its parts stay open, so a member declared by one part is not refused by another
/// (the envelope: <c>code</c> and <c>msg</c> come from <c>Envelope</c>, <c>data</c> from the operation's own part).
/// <c>format</c> int32 and int64 become ranges; vendor extensions and examples are left out.
/// </summary>
internal static class ClosedSchemas
{
    public const string Draft = "https://json-schema.org/draft/2020-12/schema";
    private const string SchemaRefPrefix = "#/components/schemas/";
    private const string OpenSuffix = ".open";

    private static readonly HashSet<string> Annotations =
        ["description", "title", "example", "examples", "externalDocs", "xml", "discriminator", "deprecated", "readOnly", "writeOnly", "$comment"];

    /// <summary>A self-contained JSON Schema document for <paramref name="schema"/> (every component under $defs).</summary>
    public static JsonObject Document(WireSpec spec, JsonNode schema)
    {
        var root = Convert(schema, closed: true) as JsonObject ?? new JsonObject();
        var definitions = new JsonObject();
        foreach (var (name, component) in spec.Document["components"]?["schemas"]?.AsObject() ?? [])
        {
            definitions[name] = Convert(component!, closed: true);
            definitions[name + OpenSuffix] = Convert(component!, closed: false);
        }
        root["$schema"] = Draft;
        root["$defs"] = definitions;
        return root;
    }

    private static JsonNode Convert(JsonNode node, bool closed)
    {
        if (node is not JsonObject schema) return node.DeepClone(); // true / false schemas
        var result = new JsonObject();
        foreach (var (keyword, value) in schema)
        {
            if (value is null || keyword.StartsWith("x-", StringComparison.Ordinal) || Annotations.Contains(keyword)) continue;
            result[keyword] = keyword switch
            {
                "$ref" => Reference((string)value!, closed),
                "properties" or "patternProperties" or "$defs" => Map(value.AsObject(), child => Convert(child, closed: true)),
                "items" or "additionalProperties" or "contains" or "propertyNames" => Convert(value, closed: true),
                "prefixItems" => new JsonArray(value.AsArray().Select(child => (JsonNode?)Convert(child!, closed: true)).ToArray()),
                // The parts of an allOf describe one instance together: only the whole is closed.
                "allOf" => new JsonArray(value.AsArray().Select(child => (JsonNode?)Convert(child!, closed: false)).ToArray()),
                // Each alternative describes the whole instance.
                "oneOf" or "anyOf" => new JsonArray(value.AsArray().Select(child => (JsonNode?)Convert(child!, closed)).ToArray()),
                "not" => Convert(value, closed: false),
                _ => value.DeepClone(),
            };
        }
        AddIntegerRange(schema, result);
        if (closed && IsObject(schema) && !schema.ContainsKey("additionalProperties") && !schema.ContainsKey("$ref"))
        {
            result["unevaluatedProperties"] = false;
        }
        return result;
    }

    private static JsonObject Map(JsonObject members, Func<JsonNode, JsonNode> convert)
    {
        var result = new JsonObject();
        foreach (var (name, child) in members) result[name] = child is null ? null : convert(child);
        return result;
    }

    private static string Reference(string reference, bool closed)
    {
        if (!reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal)) throw new InvalidOperationException($"Unsupported schema $ref '{reference}'.");
        var name = reference[SchemaRefPrefix.Length..];
        return "#/$defs/" + (closed ? name : name + OpenSuffix);
    }

    private static bool IsObject(JsonObject schema) =>
        schema.ContainsKey("properties") || schema.ContainsKey("allOf")
        || schema["type"] is JsonValue type && (string?)type == "object"
        || schema["type"] is JsonArray types && types.Any(t => (string?)t == "object");

    private static void AddIntegerRange(JsonObject schema, JsonObject result)
    {
        var (minimum, maximum) = (string?)schema["format"] switch
        {
            "int32" => ((decimal)int.MinValue, (decimal)int.MaxValue),
            "int64" => ((decimal)long.MinValue, (decimal)long.MaxValue),
            _ => (0m, 0m),
        };
        if (minimum == 0 && maximum == 0) return;
        if (!result.ContainsKey("minimum")) result["minimum"] = minimum;
        if (!result.ContainsKey("maximum")) result["maximum"] = maximum;
    }
}
