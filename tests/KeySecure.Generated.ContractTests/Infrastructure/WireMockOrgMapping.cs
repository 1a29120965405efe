using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMockNetServer = WireMock.Server.WireMockServer;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// Turns a stub written in WireMock's mapping JSON (wiremock.org's format: the files under Mappings/ and what
/// <see cref="Stubs"/> builds) into a WireMock.Net mapping. Only the members these tests use are understood; any other
/// member fails loudly, so a matcher or response feature is never silently dropped.
/// </summary>
internal static class WireMockOrgMapping
{
    /// <summary>wiremock.org's priority for a stub that names none (1 is the highest).</summary>
    public const int DefaultPriority = 5;

    /// <summary>wiremock.org's name for the state every scenario starts in (WireMock.Net: no state yet).</summary>
    public const string StartedState = "Started";

    private static readonly HashSet<string> MappingMembers =
        ["name", "request", "response", "priority", "metadata", "scenarioName", "requiredScenarioState", "newScenarioState"];

    private static readonly HashSet<string> RequestMembers = ["method", "urlPath"];

    private static readonly HashSet<string> ResponseMembers =
        ["status", "headers", "body", "jsonBody", "fault", "fixedDelayMilliseconds", "delayDistribution"];

    /// <summary>jsonBody is written as wiremock.org writes it: UTF-8 text, not \u escapes.</summary>
    private static readonly JsonSerializerOptions JsonBodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void AddTo(WireMockNetServer server, JsonObject mapping)
    {
        var name = (string?)mapping["name"] ?? "(unnamed stub)";
        RejectUnknown(mapping, MappingMembers, name, "mapping");
        var request = Member(mapping, "request", name);
        RejectUnknown(request, RequestMembers, name, "request");

        var method = (string?)request["method"] ?? throw Invalid(name, "request.method is required");
        var urlPath = (string?)request["urlPath"] ?? throw Invalid(name, "request.urlPath is required");
        var provider = server
            .Given(Request.Create().UsingMethod(method).WithPath(new ExactMatcher(urlPath)))
            .WithTitle(name)
            .AtPriority((int?)mapping["priority"] ?? DefaultPriority);

        if ((string?)mapping["scenarioName"] is { } scenario)
        {
            provider = provider.InScenario(scenario);
            if ((string?)mapping["requiredScenarioState"] is { } required && required != StartedState) provider = provider.WhenStateIs(required);
            if ((string?)mapping["newScenarioState"] is { } next) provider = provider.WillSetStateTo(next);
        }

        provider.RespondWith(Response(Member(mapping, "response", name), name));
    }

    private static IResponseBuilder Response(JsonObject response, string name)
    {
        RejectUnknown(response, ResponseMembers, name, "response");
        var builder = global::WireMock.ResponseBuilders.Response.Create().WithStatusCode((int?)response["status"] ?? 200);

        if (response["headers"] is JsonObject headers)
        {
            foreach (var (header, value) in headers) builder = builder.WithHeader(header, (string?)value ?? string.Empty);
        }

        if ((string?)response["fault"] is { } fault)
        {
            // Marks the response; the socket-level responder replaces it with the fault after WireMock.Net has logged it.
            builder = builder.WithHeader(SocketFaultResponder.FaultHeader, SocketFaultResponder.Validate(fault, name));
        }
        else if (response.ContainsKey("jsonBody"))
        {
            builder = builder.WithBody(response["jsonBody"]?.ToJsonString(JsonBodyOptions) ?? "null");
        }
        else if ((string?)response["body"] is { } body)
        {
            builder = builder.WithBody(body);
        }

        if ((int?)response["fixedDelayMilliseconds"] is { } fixedDelay) builder = builder.WithDelay(fixedDelay);
        if (response["delayDistribution"] is JsonObject distribution)
        {
            if ((string?)distribution["type"] != "uniform") throw Invalid(name, "only the uniform delayDistribution is supported");
            builder = builder.WithRandomDelay((int)distribution["lower"]!, (int)distribution["upper"]!);
        }
        return builder;
    }

    private static JsonObject Member(JsonObject parent, string member, string name) =>
        parent[member] as JsonObject ?? throw Invalid(name, $"'{member}' must be an object");

    private static void RejectUnknown(JsonObject node, HashSet<string> known, string name, string where)
    {
        var unknown = node.Select(p => p.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid(name, string.Create(CultureInfo.InvariantCulture,
                $"{where} members not supported by the WireMock.Net translation: {string.Join(", ", unknown)}"));
        }
    }

    private static InvalidOperationException Invalid(string name, string message) => new($"Stub '{name}': {message}.");
}
