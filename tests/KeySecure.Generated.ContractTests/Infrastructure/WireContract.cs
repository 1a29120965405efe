using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// The specs as the oracle of the WireMock tests: every stub's response is checked against its operation when the stub
/// is added, every answer a test computes when it is sent, and every request in the journal when the test ends
/// (<see cref="WireMockTest"/>). A stub that sends off-spec data on purpose says so (<see cref="Stubs.OffSpec"/>).
/// Encrypted values are checked as ciphertext by their schemas and, under the tests' ApiSecret, as plaintext too.
/// </summary>
public static class WireContract
{
    /// <summary>The metadata member of a stub that answers off the spec on purpose; its value says why.</summary>
    public const string OffSpecMember = "offSpec";

    private static readonly Lazy<WireValidator> LazyKeySecure =
        new(() => new WireValidator(WireSpec.KeySecure, ciphertext => AesEcb.Decrypt(ciphertext, TestData.ApiSecret)));

    private static readonly Lazy<WireValidator> LazyWorldFirst = new(() => new WireValidator(WireSpec.WorldFirst));

    /// <summary>keysecure.yaml, with the tests' ApiSecret for the encrypted values.</summary>
    public static WireValidator KeySecure => LazyKeySecure.Value;

    public static WireValidator WorldFirst => LazyWorldFirst.Value;

    private static WireValidator[] Validators => [KeySecure, WorldFirst];

    /// <summary>Checks a stub (WireMock's mapping JSON) before it is added; throws naming the stub and every violation.</summary>
    public static void AssertStub(JsonObject mapping)
    {
        if (IsOffSpec(mapping)) return;
        var name = (string?)mapping["name"] ?? "(unnamed stub)";
        var method = (string?)mapping["request"]?["method"] ?? "";
        var path = (string?)mapping["request"]?["urlPath"] ?? "";
        var response = mapping["response"]?.AsObject() ?? [];
        var body = response["jsonBody"] is { } json ? json.ToJsonString() : response.ContainsKey("jsonBody") ? "null" : (string?)response["body"] ?? "";
        var violations = response.ContainsKey("fault")
            ? Find(method, path).Operation is null ? [NoOperation(method, path)] : [] // a fault has no body, but is an operation's
            : Check(method, path, (int?)response["status"] ?? 200, body);
        if (violations.Count > 0) throw new WireContractException($"Stub '{name}'", violations);
    }

    /// <summary>Whether the stub says it answers off the spec on purpose.</summary>
    public static bool IsOffSpec(JsonObject mapping) => mapping["metadata"]?[OffSpecMember] is not null;

    /// <summary>Whether a request to this method and path is for an operation of the specs.</summary>
    public static bool IsOperation(string method, string path) => Find(method, path).Operation is not null;

    /// <summary>The violations of an answer sent for a request to this method and path.</summary>
    public static IReadOnlyList<WireViolation> Check(string method, string path, int status, string body)
    {
        var (validator, operation) = Find(method, path);
        return validator is null || operation is null
            ? [NoOperation(method, path)]
            : validator.CheckResponse(operation, new WireResponse(status, body));
    }

    private static WireViolation NoOperation(string method, string path) =>
        new("(no operation)", "response", $"{method} {path}", "operation", "no operation of the specs answers this request; mark the stub off-spec with the reason");

    /// <summary>The violations of a request the journal recorded.</summary>
    public static IReadOnlyList<WireViolation> Check(RecordedRequest request)
    {
        var (validator, _) = Find(request.Method, request.Path);
        var wire = new WireRequest(request.Method, request.Url, request.Headers, request.Body);
        return validator?.CheckRequest(wire)
               ?? [new("(no operation)", "request", request.ToString(), "operation", "no operation of the specs is at this path")];
    }

    private static (WireValidator? Validator, WireOperation? Operation) Find(string method, string path)
    {
        foreach (var validator in Validators)
        {
            if (validator.Spec.Match(method, path) is { } operation) return (validator, operation);
        }
        return (Validators.FirstOrDefault(v => v.Spec.Operations.Any(o => o.PathPattern.IsMatch(path))), null);
    }
}
