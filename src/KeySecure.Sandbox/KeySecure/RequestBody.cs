using System.Text.Json;

namespace KeySecure.Sandbox.KeySecure;

/// <summary>
/// A KeySecure request body read member by member under the wire names of <c>openapi/keysecure.yaml</c>, with the
/// types the specification declares: a member of the wrong JSON type is a 1004 naming it, never converted. The sandbox
/// reads what the SDK writes without borrowing the SDK's models, so the two readings of the specification are checked
/// against each other. Members the sandbox does not read are ignored.
/// </summary>
internal sealed class RequestBody
{
    private readonly JsonElement _members;
    private readonly string _path;

    private RequestBody(JsonElement members, string path)
    {
        _members = members;
        _path = path;
    }

    /// <summary>The body as a JSON object; 1004 when it is empty, not JSON or not an object.</summary>
    public static RequestBody Parse(byte[] utf8)
    {
        if (utf8.Length == 0) throw Invalid("body is required (a JSON object)");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(utf8);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Invalid($"body is not valid JSON: {e.Message.Split('.')[0]}");
        }
        if (root.ValueKind != JsonValueKind.Object) throw Invalid("body must be a JSON object");
        return new RequestBody(root, "");
    }

    /// <summary>A string member; null when absent or null.</summary>
    public string? String(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw Invalid($"{_path}{name} must be a string"),
    };

    /// <summary>An integer member (int32); null when absent or null.</summary>
    public int? Int32(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        _ => throw Invalid($"{_path}{name} must be an integer"),
    };

    /// <summary>An object member; null when absent or null. Errors inside it name <c>name.member</c>.</summary>
    public RequestBody? Object(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => new RequestBody(value, $"{_path}{name}."),
        _ => throw Invalid($"{_path}{name} must be an object"),
    };

    private JsonElement? Member(string name) =>
        _members.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static KsError Invalid(string msg) => new(KsCode.InvalidParameter, msg);
}
