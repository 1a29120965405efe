using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// The default stub of every operation, built at test time from the spec: the documented example of its 200 answer,
/// on the path its parameter examples fill in (WireMock's mapping JSON, see <see cref="WireMockOrgMapping"/>).
/// Hand-written stubs (<see cref="Stubs"/>) are for faults and variants only.
/// </summary>
public static class ExampleStubs
{
    public const string KeySecure = "keysecure";
    public const string WorldFirst = "worldfirst";

    /// <summary>The body is sent byte for byte as written here (WorldFirst signs it): UTF-8 text, not \u escapes.</summary>
    private static readonly JsonSerializerOptions BodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static WireSpec Spec(string set) => set switch
    {
        KeySecure => WireSpec.KeySecure,
        WorldFirst => WireSpec.WorldFirst,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "No such stub set."),
    };

    /// <summary>One stub per operation of the set's spec.</summary>
    public static IReadOnlyList<JsonObject> All(string set) => Spec(set).Operations.Select(o => For(set, o)).ToList();

    /// <summary>The operation's documented answer as a stub.</summary>
    public static JsonObject Load(string set, string operationId) => For(set, Spec(set).Operation(operationId));

    /// <summary>The envelope's <c>data</c> of a KeySecure example, i.e. what the typed result must hold.</summary>
    public static JsonNode? KeySecureData(string operationId) => SpecExamples.SuccessBody(WireSpec.KeySecure.Operation(operationId))["data"];

    private static JsonObject For(string set, WireOperation operation) => new()
    {
        ["name"] = $"{set} {operation.OperationId} (the spec's example)",
        ["request"] = new JsonObject { ["method"] = operation.Method, ["urlPath"] = SpecExamples.Path(operation) },
        ["response"] = new JsonObject
        {
            ["status"] = 200,
            ["headers"] = new JsonObject { ["Content-Type"] = set == WorldFirst ? "application/json; charset=UTF-8" : "application/json" },
            ["body"] = SpecExamples.SuccessBody(operation).ToJsonString(BodyOptions),
        },
        ["metadata"] = new JsonObject { ["operationId"] = operation.OperationId },
    };
}
