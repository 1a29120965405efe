using System.Text.Json.Nodes;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>Builds WireMock stub mappings in code (faults, delays, error statuses, scenarios).</summary>
public static class Stubs
{
    public const string KeySecurePrefix = "/open-api/v1";

    /// <summary>A stub for a KeySecure path (relative to <c>/open-api/v1</c>).</summary>
    public static JsonObject KeySecure(string method, string path, JsonObject response, int priority = 5) =>
        For(method, KeySecurePrefix + path, response, priority);

    public static JsonObject For(string method, string urlPath, JsonObject response, int priority = 5) => new()
    {
        ["priority"] = priority,
        ["request"] = new JsonObject { ["method"] = method, ["urlPath"] = urlPath },
        ["response"] = response,
    };

    /// <summary>HTTP 200 with the KeySecure envelope.</summary>
    public static JsonObject Envelope(int code, string msg, JsonNode? data = null) => new()
    {
        ["status"] = 200,
        ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
        ["jsonBody"] = new JsonObject { ["code"] = code, ["msg"] = msg, ["data"] = data },
    };

    /// <summary>One of WireMock's network faults, e.g. CONNECTION_RESET_BY_PEER.</summary>
    public static JsonObject Fault(string fault) => new() { ["fault"] = fault };

    public static JsonObject Status(int status, string body, string contentType = "application/json", JsonObject? headers = null)
    {
        headers ??= new JsonObject();
        headers["Content-Type"] = contentType;
        return new JsonObject { ["status"] = status, ["headers"] = headers, ["body"] = body };
    }

    /// <summary>Adds WireMock's fixed delay to a response.</summary>
    public static JsonObject WithFixedDelay(this JsonObject response, int milliseconds)
    {
        response["fixedDelayMilliseconds"] = milliseconds;
        return response;
    }

    /// <summary>Adds a uniform random delay between the bounds.</summary>
    public static JsonObject WithUniformDelay(this JsonObject response, int lower, int upper)
    {
        response["delayDistribution"] = new JsonObject { ["type"] = "uniform", ["lower"] = lower, ["upper"] = upper };
        return response;
    }

    /// <summary>Makes the stub part of a WireMock scenario (state machine).</summary>
    public static JsonObject InScenario(this JsonObject mapping, string scenario, string requiredState, string? newState = null)
    {
        mapping["scenarioName"] = scenario;
        mapping["requiredScenarioState"] = requiredState;
        if (newState is not null) mapping["newScenarioState"] = newState;
        return mapping;
    }

    /// <summary>
    /// Marks a stub that answers off the spec on purpose (an HTML error page, a numeric string the SDK reads tolerantly):
    /// its response is not checked against the spec. <paramref name="reason"/> says why.
    /// </summary>
    public static JsonObject OffSpec(this JsonObject mapping, string reason)
    {
        var metadata = mapping["metadata"] as JsonObject ?? new JsonObject();
        metadata[WireContract.OffSpecMember] = reason;
        mapping["metadata"] = metadata;
        return mapping;
    }

    public const string ScenarioStarted = "Started";
}
