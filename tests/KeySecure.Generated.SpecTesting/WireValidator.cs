using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace KeySecure.Generated.SpecTesting;

/// <summary>
/// Checks requests and responses against their operation in a <see cref="WireSpec"/>, with JsonSchema.Net over closed
/// schemas (<see cref="ClosedSchemas"/>): method and path, path and query parameters, the credential headers of the
/// operation's security, and the JSON body (types, formats, required members, enums, nested objects, arrays, patterns,
/// and no member the spec does not declare).
/// <para>
/// Encrypted values are checked as they travel: a field's own schema describes its Base64 ciphertext. Given the key
/// (<paramref name="decrypt"/>), the plaintext is checked too: a request field against its
/// <c>x-keysecure-plaintext</c> pattern, an encrypted response <c>data</c> against the schema its
/// <c>x-keysecure-plaintext-schema</c> names.
/// </para>
/// </summary>
public sealed class WireValidator(WireSpec spec, Func<string, string>? decrypt = null)
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public WireSpec Spec { get; } = spec;

    /// <summary>The violations of a request (an operation the spec does not have is one).</summary>
    public IReadOnlyList<WireViolation> CheckRequest(WireRequest request)
    {
        var path = request.PathAndQuery.Split('?', 2);
        var operation = Spec.Match(request.Method, path[0]);
        if (operation is null)
        {
            return [new("(no operation)", "request", request.ToString(), "operation", $"{Spec.FileName} has no operation for {request.Method} {path[0]}.")];
        }

        var violations = new List<WireViolation>();
        var found = operation.PathPattern.Match(path[0]);
        var query = ParseQuery(path.Length > 1 ? path[1] : "");
        foreach (var parameter in operation.Parameters)
        {
            var name = (string)parameter["name"]!;
            var where = (string)parameter["in"]!;
            string? value = where switch
            {
                "path" => found.Groups[name].Success ? Uri.UnescapeDataString(found.Groups[name].Value) : null,
                "query" => query.GetValueOrDefault(name),
                "header" => request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value,
                _ => null,
            };
            if (value is null)
            {
                if ((bool?)parameter["required"] == true) violations.Add(new(operation.OperationId, "request", $"{where} {name}", "required", "missing"));
                continue;
            }
            violations.AddRange(Evaluate(operation, $"parameter.{where}.{name}", parameter["schema"], ParameterValue(value, parameter["schema"]), "request", $"{where} {name}"));
        }
        var declaredQuery = operation.Parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToHashSet();
        violations.AddRange(query.Keys.Where(k => !declaredQuery.Contains(k))
            .Select(k => new WireViolation(operation.OperationId, "request", $"query {k}", "undeclared", "the spec declares no such query parameter")));

        violations.AddRange(CheckCredentials(operation, request.Headers));
        violations.AddRange(CheckRequestBody(operation, request));
        return violations;
    }

    /// <summary>The violations of a response to <paramref name="operation"/>.</summary>
    public IReadOnlyList<WireViolation> CheckResponse(WireOperation operation, WireResponse response)
    {
        var responses = operation.Node["responses"]!.AsObject();
        var status = response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = responses.ContainsKey(status) ? status : responses.ContainsKey("default") ? "default" : null;
        if (key is null) return [new(operation.OperationId, "response", status, "status", "the spec declares no response for this status")];

        var schema = JsonBodySchema(Spec.Resolve(responses[key]!.AsObject()));
        if (schema is null)
        {
            return response.Body.Length == 0 ? [] : [new(operation.OperationId, "response", "body", "content", "the spec declares no JSON body for this status")];
        }
        if (!TryParse(response.Body, out var body, out var error)) return [new(operation.OperationId, "response", "body", "json", error)];

        var violations = Evaluate(operation, "response." + key, schema, body, "response").ToList();
        if (violations.Count == 0) violations.AddRange(CheckEncryptedData(operation, schema, body));
        return violations;
    }

    /// <summary>Checks a request; the exception lists every violation.</summary>
    public void AssertRequest(WireRequest request) => Throw(request.ToString(), CheckRequest(request));

    /// <summary>Checks a response; the exception lists every violation.</summary>
    public void AssertResponse(WireOperation operation, WireResponse response) => Throw($"The response to {operation}", CheckResponse(operation, response));

    private static void Throw(string what, IReadOnlyList<WireViolation> violations)
    {
        if (violations.Count > 0) throw new WireContractException(what, violations);
    }

    private IEnumerable<WireViolation> CheckRequestBody(WireOperation operation, WireRequest request)
    {
        var requestBody = operation.Node["requestBody"] is JsonObject declared ? Spec.Resolve(declared) : null;
        if (requestBody is null)
        {
            if (request.Body.Length > 0) yield return new(operation.OperationId, "request", "body", "content", "the spec declares no request body");
            yield break;
        }
        if (request.Body.Length == 0)
        {
            if ((bool?)requestBody["required"] == true) yield return new(operation.OperationId, "request", "body", "required", "the request body is required");
            yield break;
        }
        var contentType = request.Headers.FirstOrDefault(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            yield return new(operation.OperationId, "request", "header Content-Type", "content", $"'{contentType}' is not application/json");
        }
        var schema = JsonBodySchema(requestBody);
        if (schema is null) yield break;
        if (!TryParse(request.Body, out var body, out var error))
        {
            yield return new(operation.OperationId, "request", "body", "json", error);
            yield break;
        }
        foreach (var violation in Evaluate(operation, "request.body", schema, body, "request")) yield return violation;
        foreach (var violation in CheckEncryptedFields(operation, Spec.Resolve(schema.AsObject()), body)) yield return violation;
    }

    /// <summary>
    /// The apiKey headers of the operation's security (its own, else the document's): every header of one alternative is
    /// sent, and no credential header that none of its alternatives names (e.g. no Access-Token on Get Token). Headers of
    /// schemes no requirement in the document uses (Timezone, Language) are optional.
    /// </summary>
    private IEnumerable<WireViolation> CheckCredentials(WireOperation operation, IReadOnlyDictionary<string, string> headers)
    {
        var schemes = Spec.Document["components"]?["securitySchemes"]?.AsObject() ?? [];
        string? HeaderOf(string scheme) => schemes[scheme] is JsonObject s && (string?)s["in"] == "header" ? (string?)s["name"] : null;
        bool Sent(string header) => headers.Keys.Any(h => string.Equals(h, header, StringComparison.OrdinalIgnoreCase));
        static IEnumerable<List<string>> Alternatives(JsonNode? security) =>
            (security?.AsArray() ?? []).Select(r => r!.AsObject().Select(p => p.Key).ToList());

        var alternatives = Alternatives(operation.Node["security"] ?? Spec.Document["security"]).ToList();
        var credentialSchemes = Alternatives(Spec.Document["security"])
            .Concat(Spec.Operations.SelectMany(o => Alternatives(o.Node["security"])))
            .SelectMany(a => a)
            .ToHashSet();

        if (alternatives.Count > 0 && !alternatives.Any(a => a.All(s => HeaderOf(s) is not { } h || Sent(h))))
        {
            var missing = alternatives.OrderBy(a => a.Count).First().Select(HeaderOf).OfType<string>().Where(h => !Sent(h));
            yield return new(operation.OperationId, "request", "headers", "security", $"missing {string.Join(", ", missing)}");
        }
        var allowed = alternatives.SelectMany(a => a).ToHashSet();
        foreach (var scheme in credentialSchemes.Where(s => !allowed.Contains(s)))
        {
            if (HeaderOf(scheme) is { } header && Sent(header))
            {
                yield return new(operation.OperationId, "request", $"header {header}", "security", "sent, but the operation's security does not use it");
            }
        }
    }

    /// <summary>Request fields sent encrypted: given the key, the plaintext meets <c>x-keysecure-plaintext</c>.</summary>
    private IEnumerable<WireViolation> CheckEncryptedFields(WireOperation operation, JsonObject schema, JsonNode? body)
    {
        if (decrypt is null || body is not JsonObject members) yield break;
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            if (property?["x-keysecure-plaintext"]?["pattern"] is not JsonValue pattern || members[name] is not JsonValue value
                || !value.TryGetValue(out string? ciphertext))
            {
                continue;
            }
            string? plaintext;
            try { plaintext = decrypt(ciphertext); }
            catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException) { plaintext = null; }
            if (plaintext is null || !Regex.IsMatch(plaintext, (string)pattern!))
            {
                yield return new(operation.OperationId, "request", "/" + name, "x-keysecure-plaintext",
                    plaintext is null ? "does not decrypt under the key" : $"the plaintext does not match {pattern}");
            }
        }
    }

    /// <summary>An encrypted response data: given the key, its plaintext JSON meets the schema x-keysecure-plaintext-schema names.</summary>
    private IEnumerable<WireViolation> CheckEncryptedData(WireOperation operation, JsonNode schema, JsonNode? body)
    {
        if (decrypt is null || (int?)body?["code"] != 0 || body?["data"] is not JsonValue data || !data.TryGetValue(out string? ciphertext)) return [];
        var reference = FindPlaintextSchema(schema);
        if (reference is null) return [];
        if (!TryParse(decrypt(ciphertext), out var plaintext, out var error)) return [new(operation.OperationId, "response", "/data", "x-keysecure-plaintext-schema", error)];
        return Evaluate(operation, "response.plaintext", new JsonObject { ["$ref"] = reference }, plaintext, "response", "/data (decrypted)");
    }

    private static string? FindPlaintextSchema(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["x-keysecure-plaintext-schema"] is { } name => name,
        JsonObject o => o.Select(p => FindPlaintextSchema(p.Value)).FirstOrDefault(n => n is not null),
        JsonArray a => a.Select(FindPlaintextSchema).FirstOrDefault(n => n is not null),
        _ => null,
    };

    private IEnumerable<WireViolation> Evaluate(WireOperation operation, string key, JsonNode? schemaNode, JsonNode? instance, string direction, string? location = null)
    {
        if (schemaNode is null) return [];
        var schema = _schemas.GetOrAdd(operation.OperationId + "/" + key, _ =>
        {
            var document = ClosedSchemas.Document(Spec, schemaNode);
            document["$id"] = $"https://wire.keysecure.test/{Spec.FileName}/{operation.OperationId}/{key}";
            return JsonSchema.FromText(document.ToJsonString());
        });
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid) return [];
        return (results.Details ?? [results])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e =>
            {
                var (rule, message) = Undeclared(d, e.Key) ? ("undeclared", "the spec declares no such member") : (e.Key, e.Value);
                var where = location is null ? Pointer(d.InstanceLocation.ToString()) : location + d.InstanceLocation;
                return new WireViolation(operation.OperationId, direction, where, rule, message);
            }))
            .Distinct()
            .ToList();
    }

    /// <summary>A member the closed schema refuses: the <c>false</c> schema of <c>unevaluatedProperties</c> failed.</summary>
    private static bool Undeclared(EvaluationResults result, string keyword) =>
        keyword.Length == 0 && result.EvaluationPath.ToString().EndsWith("/unevaluatedProperties", StringComparison.Ordinal);

    private static string Pointer(string pointer) => pointer.Length == 0 ? "/" : pointer;

    private JsonNode? JsonBodySchema(JsonObject holder) =>
        holder["content"]?.AsObject().FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)).Value?["schema"];

    /// <summary>A parameter's text as the JSON value its schema types (a non-number stays a string and fails the type).</summary>
    private JsonNode? ParameterValue(string value, JsonNode? schema)
    {
        var type = schema is JsonObject s ? (string?)Spec.Resolve(s)["type"] : null;
        return type switch
        {
            "integer" when long.TryParse(value, out var integer) => JsonValue.Create(integer),
            "number" when decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            "boolean" when bool.TryParse(value, out var flag) => JsonValue.Create(flag),
            _ => JsonValue.Create(value),
        };
    }

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0]))
            .ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.Last().Length > 1 ? g.Last()[1] : ""));

    private static bool TryParse(string text, out JsonNode? node, out string error)
    {
        try
        {
            node = JsonNode.Parse(text);
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            node = null;
            error = $"not JSON: {e.Message}";
            return false;
        }
    }
}
