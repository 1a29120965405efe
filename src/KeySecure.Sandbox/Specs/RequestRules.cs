using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KeySecure.Sandbox.Specs;

/// <summary>
/// Checks a request against its operation in the specs: that the spec has an operation for its method and path, its
/// path and query parameters, the credential headers of the operation's security (all of one alternative, and none
/// that no alternative names), and its JSON body against the request body's schema (<see cref="SchemaRules"/>).
/// </summary>
internal sealed class RequestRules(SandboxSpecs specs)
{
    private const string NoOperation = "(no operation)";
    private readonly Dictionary<SpecDocument, SchemaRules> _schemas = specs.All.ToDictionary(s => s, s => new SchemaRules(s));

    // Every scheme any requirement of a document uses: a credential header the operation's own security does not name
    // is refused. The same for every request, so found once per document.
    private readonly Dictionary<SpecDocument, HashSet<string>> _credentialSchemes = specs.All.ToDictionary(s => s, CredentialSchemesOf);

    public IReadOnlyList<SandboxViolation> Check(string method, string path, string query, IReadOnlyDictionary<string, string> headers, string body)
    {
        var operation = specs.Match(method, path);
        if (operation is null) return [new(NoOperation, $"{method} {path}", "operation", "no spec has an operation for this method and path")];

        var violations = new List<SandboxViolation>();
        void Add(string location, string rule, string message) => violations.Add(new(operation.OperationId, location, rule, message));
        var rules = _schemas[operation.Spec];

        var pathValues = operation.PathPattern.Match(path);
        var queryValues = ParseQuery(query);
        foreach (var parameter in operation.Parameters)
        {
            var (name, where) = ((string?)parameter["name"] ?? "", (string?)parameter["in"] ?? "");
            string? text = where switch
            {
                "path" => pathValues.Groups[name].Success ? Uri.UnescapeDataString(pathValues.Groups[name].Value) : null,
                "query" => queryValues.GetValueOrDefault(name),
                "header" => headers.GetValueOrDefault(name),
                _ => null,
            };
            if (text is null)
            {
                if ((bool?)parameter["required"] == true) Add($"{where} {name}", "required", "missing");
                continue;
            }
            foreach (var breach in rules.Check(parameter["schema"], ParameterValue(operation.Spec, text, parameter["schema"])))
            {
                Add($"{where} {name}", breach.Rule, breach.Message);
            }
        }
        var declaredQuery = operation.Parameters.Where(p => (string?)p["in"] == "query").Select(p => (string?)p["name"]).ToHashSet();
        foreach (var name in queryValues.Keys.Where(k => !declaredQuery.Contains(k))) Add($"query {name}", "undeclared", "the spec declares no such query parameter");

        CheckCredentials(operation, _credentialSchemes[operation.Spec], headers, Add);
        CheckBody(operation, rules, headers, body, Add);
        return violations;
    }

    /// <summary>
    /// The apiKey headers of the operation's security (its own, else the document's): every header of one alternative
    /// is sent, and no credential header that none of them names (no Access-Token on Get Token, nothing on a simulation).
    /// Headers of schemes that no requirement uses (Timezone, Language) are optional.
    /// </summary>
    private static void CheckCredentials(
        SpecOperation operation, HashSet<string> credentialSchemes, IReadOnlyDictionary<string, string> headers, Action<string, string, string> add)
    {
        var document = operation.Spec.Document;
        var schemes = document["components"]?["securitySchemes"] as JsonObject ?? [];
        string? HeaderOf(string scheme) => schemes[scheme] is JsonObject s && (string?)s["in"] == "header" ? (string?)s["name"] : null;

        var alternatives = Alternatives(operation.Node["security"] ?? document["security"]);
        if (alternatives.Count > 0 && !alternatives.Any(a => a.All(s => HeaderOf(s) is not { } h || headers.ContainsKey(h))))
        {
            var missing = alternatives.OrderBy(a => a.Count).First().Select(HeaderOf).OfType<string>().Where(h => !headers.ContainsKey(h));
            add("headers", "security", "missing " + string.Join(", ", missing));
        }
        var allowed = alternatives.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
        foreach (var scheme in credentialSchemes.Where(s => !allowed.Contains(s)))
        {
            if (HeaderOf(scheme) is { } header && headers.ContainsKey(header))
            {
                add("header " + header, "security", "sent, but the operation's security does not use it");
            }
        }
    }

    private static HashSet<string> CredentialSchemesOf(SpecDocument spec) =>
        Alternatives(spec.Document["security"])
            .Concat(spec.Operations.SelectMany(o => Alternatives(o.Node["security"])))
            .SelectMany(a => a)
            .ToHashSet(StringComparer.Ordinal);

    // The alternatives of a security requirement list, each as the names of the schemes it combines.
    private static List<List<string>> Alternatives(JsonNode? security) =>
        (security as JsonArray ?? []).OfType<JsonObject>().Select(r => r.Select(p => p.Key).ToList()).ToList();

    private static void CheckBody(SpecOperation operation, SchemaRules rules, IReadOnlyDictionary<string, string> headers, string body, Action<string, string, string> add)
    {
        var requestBody = operation.Node["requestBody"] is JsonObject declared ? operation.Spec.Resolve(declared) : null;
        if (requestBody is null)
        {
            if (body.Length > 0) add("body", "content", "the spec declares no request body");
            return;
        }
        if (body.Length == 0)
        {
            if ((bool?)requestBody["required"] == true) add("body", "required", "the request body is required");
            return;
        }
        var contentType = headers.GetValueOrDefault("Content-Type") ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) add("header Content-Type", "content", "not application/json");
        if (SpecDocument.JsonSchemaOf(requestBody) is not { } schema) return;
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            add("body", "json", "not JSON");
            return;
        }
        foreach (var breach in rules.Check(schema, value)) add(breach.Pointer, breach.Rule, breach.Message);
    }

    /// <summary>A parameter's text as the JSON value its schema types (a non-number stays a string and fails the type).</summary>
    private static JsonNode? ParameterValue(SpecDocument spec, string text, JsonNode? schema)
    {
        var type = schema is JsonObject s ? (string?)spec.Resolve(s)["type"] : null;
        return type switch
        {
            "integer" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            "number" when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            "boolean" when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
            _ => JsonValue.Create(text),
        };
    }

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.Last().Length > 1 ? g.Last()[1] : ""), StringComparer.Ordinal);
}
