using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KeySecure.Cli.Call;

/// <summary>
/// Builds and checks the input of one call against the spec's fields before anything is sent: values given as
/// <c>--name value</c> are parsed by the field's type and override the body given with <c>--data</c>; a field the spec
/// does not have, a value of the wrong type, an enum value the spec does not list or a missing required field is a
/// <see cref="CliUsageException"/> (exit 2) naming the field.
/// </summary>
internal sealed class RequestBuilder(CallOperation operation)
{
    private readonly Dictionary<string, CallField> _fields = operation.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Checks <paramref name="json"/> (a JSON object) field by field and returns it as the starting body.</summary>
    public JsonObject FromData(string json)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            throw Invalid("--data", "is not valid JSON");
        }
        if (parsed is not JsonObject body) throw Invalid("--data", "must be a JSON object");
        Check(body, prefix: "");
        return body;
    }

    /// <summary>Sets <paramref name="fieldName"/> to <paramref name="text"/>, parsed by the field's type.</summary>
    public void Set(JsonObject body, string fieldName, string text)
    {
        var field = _fields[fieldName];
        var value = Parse(field, text.Trim());
        var holder = body;
        var names = field.Name.Split('.');
        foreach (var name in names[..^1])
        {
            if (holder[name] is not JsonObject inner)
            {
                inner = new JsonObject();
                holder[name] = inner;
            }
            holder = inner;
        }
        holder[names[^1]] = value;
    }

    /// <summary>Checks that every required field is there (a nested one when its parent object is) and splits off the path parameters.</summary>
    public CallArguments Finish(JsonObject body)
    {
        foreach (var field in operation.Fields.Where(f => f.Required))
        {
            if (field.Parent is { } parent && Find(body, parent) is null) continue;
            if (Find(body, field.Name) is null) throw Invalid(field.Name, "is required" + (field.InPath ? " (a path parameter)" : string.Empty));
        }
        var pathValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in operation.Fields.Where(f => f.InPath))
        {
            pathValues[field.Name] = body[field.Name]!.ToString();
            body.Remove(field.Name);
        }
        return new CallArguments(pathValues, body);
    }

    public static JsonNode? Find(JsonObject body, string dottedName)
    {
        JsonNode? node = body;
        foreach (var name in dottedName.Split('.'))
        {
            node = node is JsonObject json ? json[name] : null;
        }
        return node;
    }

    public static CliUsageException Invalid(string field, string problem) =>
        new($"Invalid input, nothing was sent: '{field}' {problem}.");

    private void Check(JsonObject body, string prefix)
    {
        foreach (var name in body.Select(p => p.Key).ToArray())
        {
            var dotted = prefix + name;
            if (!_fields.TryGetValue(dotted, out var field)) throw Invalid(dotted, $"is not a field of {operation.OperationId}");
            var value = body[name];
            if (value is null) continue;
            if (field.Type == FieldType.Object)
            {
                if (value is not JsonObject inner) throw Invalid(dotted, "must be an object");
                Check(inner, dotted + ".");
                continue;
            }
            body[name] = value is JsonValue scalar && field.Type != FieldType.Array
                ? Parse(field, scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString())
                : field.Type == FieldType.Array && value is JsonArray ? value : throw Invalid(dotted, $"must be {Article(field)}");
        }
    }

    private static JsonNode Parse(CallField field, string text)
    {
        switch (field.Type)
        {
            case FieldType.String when field.Enum.Count > 0:
                return JsonValue.Create(field.Enum.FirstOrDefault(known => string.Equals(known, text, StringComparison.OrdinalIgnoreCase))
                    ?? throw Invalid(field.Name, $"must be one of {string.Join(", ", field.Enum)} (not '{text}')"));
            case FieldType.String:
                return JsonValue.Create(text);
            case FieldType.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                return JsonValue.Create(integer);
            case FieldType.Number when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case FieldType.Boolean when bool.TryParse(text, out var flag):
                return JsonValue.Create(flag);
            case FieldType.Object or FieldType.Array:
                throw Invalid(field.Name, $"is {Article(field)}: give it in --data");
            default:
                throw Invalid(field.Name, $"must be {Article(field)} (not '{text}')");
        }
    }

    private static string Article(CallField field) => field.Type switch
    {
        FieldType.Integer => "an integer",
        FieldType.Array => "an array",
        FieldType.Object => "an object",
        _ => "a " + field.Type.ToString().ToLowerInvariant(),
    };
}
