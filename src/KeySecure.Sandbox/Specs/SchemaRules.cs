using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KeySecure.Sandbox.Specs;

/// <summary>One rule of a schema a JSON value breaks: where (a JSON pointer), the keyword and why; never the value itself.</summary>
internal readonly record struct SchemaBreach(string Pointer, string Rule, string Message);

/// <summary>
/// Checks a JSON value against an OpenAPI 3.0 schema of a <see cref="SpecDocument"/>, with the keywords the specs use:
/// <c>$ref</c>, <c>type</c> and <c>nullable</c>, <c>enum</c>, <c>pattern</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>minimum</c>/<c>maximum</c>, <c>multipleOf</c>, <c>format</c> int32/int64, <c>required</c>, <c>properties</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>minItems</c>/<c>maxItems</c>, <c>allOf</c>, <c>oneOf</c>, <c>anyOf</c>, <c>not</c>.
/// As in the project's wire checks, every object is closed (a member the spec does not declare breaks it) unless its
/// schema says <c>additionalProperties</c>; the parts of an <c>allOf</c> are closed as a whole. A keyword it does not
/// know is not checked (the specs do not use others). Not a general JSON Schema validator: a small one with no
/// dependency, so the package stays trim- and AOT-safe.
/// </summary>
internal sealed class SchemaRules(SpecDocument spec)
{
    public List<SchemaBreach> Check(JsonNode? schema, JsonNode? value, string pointer = "")
    {
        var breaches = new List<SchemaBreach>();
        if (schema is JsonObject s) Check(s, value, pointer, closed: true, breaches);
        return breaches;
    }

    private void Check(JsonObject schemaNode, JsonNode? value, string pointer, bool closed, List<SchemaBreach> breaches)
    {
        var schema = spec.Resolve(schemaNode);
        if (value is null)
        {
            if ((bool?)schema["nullable"] != true && (string?)schema["type"] is { } type) breaches.Add(new(Where(pointer), "type", $"null where the spec wants {type}"));
            return;
        }

        if ((string?)schema["type"] is { } expected && !HasType(value, expected))
        {
            breaches.Add(new(Where(pointer), "type", $"{KindOf(value)} where the spec wants {expected}"));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            breaches.Add(new(Where(pointer), "enum", "not one of " + string.Join(", ", allowed.Select(a => a?.ToJsonString()))));
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                CheckString(schema, value.GetValue<string>(), pointer, breaches);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value, pointer, breaches);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value.AsArray(), pointer, breaches);
                break;
            case JsonValueKind.Object:
                CheckObject(schema, value.AsObject(), pointer, closed, breaches);
                break;
        }
        foreach (var part in Parts(schema, "allOf")) Check(part, value, pointer, closed: false, breaches);
        CheckAlternatives(schema, value, pointer, closed, breaches);
        if (schema["not"] is JsonObject excluded)
        {
            var fits = new List<SchemaBreach>();
            Check(excluded, value, pointer, closed: false, fits);
            if (fits.Count == 0) breaches.Add(new(Where(pointer), "not", "fits the schema it must not"));
        }
    }

    private static void CheckString(JsonObject schema, string text, string pointer, List<SchemaBreach> breaches)
    {
        if ((int?)schema["maxLength"] is { } max && text.Length > max) breaches.Add(new(Where(pointer), "maxLength", $"longer than {max} characters"));
        if ((int?)schema["minLength"] is { } min && text.Length < min) breaches.Add(new(Where(pointer), "minLength", $"shorter than {min} characters"));
        if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            breaches.Add(new(Where(pointer), "pattern", $"does not match {pattern}"));
        }
    }

    private static void CheckNumber(JsonObject schema, JsonNode value, string pointer, List<SchemaBreach> breaches)
    {
        if (!decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return;
        var (low, high) = (string?)schema["format"] switch
        {
            "int32" => ((decimal?)int.MinValue, (decimal?)int.MaxValue),
            "int64" => (long.MinValue, long.MaxValue),
            _ => (null, null),
        };
        if (Decimal(schema["minimum"]) is { } minimum) low = minimum;
        if (Decimal(schema["maximum"]) is { } maximum) high = maximum;
        if (number < low) breaches.Add(new(Where(pointer), "minimum", $"less than {low}"));
        if (number > high) breaches.Add(new(Where(pointer), "maximum", $"more than {high}"));
        if (Decimal(schema["multipleOf"]) is { } step && step != 0 && number % step != 0) breaches.Add(new(Where(pointer), "multipleOf", $"not a multiple of {step}"));
    }

    private void CheckArray(JsonObject schema, JsonArray items, string pointer, List<SchemaBreach> breaches)
    {
        if ((int?)schema["maxItems"] is { } max && items.Count > max) breaches.Add(new(Where(pointer), "maxItems", $"more than {max} items"));
        if ((int?)schema["minItems"] is { } min && items.Count < min) breaches.Add(new(Where(pointer), "minItems", $"fewer than {min} items"));
        if (schema["items"] is not JsonObject itemSchema) return;
        for (var i = 0; i < items.Count; i++) Check(itemSchema, items[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture), closed: true, breaches);
    }

    private void CheckObject(JsonObject schema, JsonObject members, string pointer, bool closed, List<SchemaBreach> breaches)
    {
        foreach (var name in schema["required"]?.AsArray().Select(r => (string?)r).OfType<string>() ?? [])
        {
            if (!members.ContainsKey(name)) breaches.Add(new(pointer + "/" + Escape(name), "required", "missing"));
        }
        var properties = schema["properties"] as JsonObject;
        foreach (var (name, member) in members)
        {
            var at = pointer + "/" + Escape(name);
            if (properties?[name] is JsonObject declared) Check(declared, member, at, closed: true, breaches);
            else if (schema["additionalProperties"] is JsonObject additional) Check(additional, member, at, closed: true, breaches);
            else if (schema["additionalProperties"] is JsonValue flag && flag.TryGetValue(out bool open) && !open)
            {
                breaches.Add(new(at, "additionalProperties", "the spec declares no such member"));
            }
            else if (closed && IsObject(schema) && !schema.ContainsKey("additionalProperties") && !Declares(schema, name) && !IsOpen(schema))
            {
                breaches.Add(new(at, "undeclared", "the spec declares no such member"));
            }
        }
    }

    /// <summary>
    /// <c>oneOf</c>: exactly one alternative fits; <c>anyOf</c>: at least one. When none fits, the breaches of the
    /// alternative that came closest are reported, so the message names a member rather than only the keyword.
    /// </summary>
    private void CheckAlternatives(JsonObject schema, JsonNode value, string pointer, bool closed, List<SchemaBreach> breaches)
    {
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            var alternatives = Parts(schema, keyword).ToList();
            if (alternatives.Count == 0) continue;
            var results = alternatives.Select(a =>
            {
                var found = new List<SchemaBreach>();
                Check(a, value, pointer, closed, found);
                return found;
            }).ToList();
            var fitting = results.Count(r => r.Count == 0);
            // The closest alternative: fewest breaches, then the deepest (an envelope's wrong data member, not its code).
            if (fitting == 0) breaches.AddRange(results.OrderBy(r => r.Count).ThenByDescending(r => r.Max(b => b.Pointer.Count(c => c == '/'))).First());
            else if (keyword == "oneOf" && fitting > 1) breaches.Add(new(Where(pointer), "oneOf", $"fits {fitting} alternatives, not exactly one"));
        }
    }

    /// <summary>Whether the schema, its <c>allOf</c> parts or all of its alternatives declare the member.</summary>
    private bool Declares(JsonObject schemaNode, string name)
    {
        var schema = spec.Resolve(schemaNode);
        return schema["properties"] is JsonObject properties && properties.ContainsKey(name)
               || Parts(schema, "allOf").Any(p => Declares(p, name));
    }

    /// <summary>Whether the schema or one of its <c>allOf</c> parts says <c>additionalProperties</c> (an object open on purpose).</summary>
    private bool IsOpen(JsonObject schemaNode)
    {
        var schema = spec.Resolve(schemaNode);
        return schema["additionalProperties"] is JsonObject || schema["additionalProperties"] is JsonValue v && v.TryGetValue(out bool open) && open
               || Parts(schema, "allOf").Any(IsOpen);
    }

    /// <summary>A schema that describes an object itself (an alternative of <c>oneOf</c> describes it, not the holder).</summary>
    private static bool IsObject(JsonObject schema) =>
        schema.ContainsKey("properties") || schema.ContainsKey("allOf") || (string?)schema["type"] == "object";

    private static IEnumerable<JsonObject> Parts(JsonObject schema, string keyword) => schema[keyword]?.AsArray().OfType<JsonObject>() ?? [];

    private static bool HasType(JsonNode value, string type) => (type, value.GetValueKind()) switch
    {
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == decimal.Truncate(n),
        _ => false,
    };

    private static string KindOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static decimal? Decimal(JsonNode? node) =>
        node is JsonValue v && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static string Where(string pointer) => pointer.Length == 0 ? "/" : pointer;

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
