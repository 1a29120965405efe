using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Verification;

/// <summary>Assertions on what the SDK put on the wire for KeySecure (from WireMock's journal).</summary>
public static partial class KeySecureWire
{
    /// <summary>Exactly one request for the operation reached WireMock, with the spec's method and path.</summary>
    public static async Task<RecordedRequest> SingleAsync(WireMockAdmin admin, string operationId, string path)
    {
        var op = WireSpec.KeySecure.Operation(operationId);
        var fullPath = Stubs.KeySecurePrefix + path;
        var all = await admin.RequestsAsync();
        var matching = all.Where(r => r.Path == fullPath).ToList();
        var request = Assert.Single(matching);
        Assert.Equal(op.Method, request.Method);
        Assert.Equal(fullPath, request.Url); // no stray query string
        Assert.Matches(op.PathPattern, request.Path);
        return request;
    }

    /// <summary>Api-Key + Timestamp + the token from GetToken (every call but GetToken and the simulations).</summary>
    public static void AssertTokenAuth(RecordedRequest request, string expectedToken = TestData.AccessToken)
    {
        AssertApiKeyAndTimestamp(request);
        Assert.Equal(expectedToken, request.Header("Access-Token"));
    }

    /// <summary>GetToken: Api-Key + Timestamp, no Access-Token.</summary>
    public static void AssertApiKeyOnly(RecordedRequest request)
    {
        AssertApiKeyAndTimestamp(request);
        Assert.False(request.HasHeader("Access-Token"), $"{request}: GetToken must not send Access-Token.");
    }

    /// <summary>The sandbox simulations carry no credentials.</summary>
    public static void AssertNoCredentials(RecordedRequest request)
    {
        Assert.False(request.HasHeader("Api-Key"), $"{request}: simulations must not send Api-Key.");
        Assert.False(request.HasHeader("Access-Token"), $"{request}: simulations must not send Access-Token.");
    }

    public static void AssertApiKeyAndTimestamp(RecordedRequest request)
    {
        Assert.Equal(KeySecureSdk.ApiKey, request.Header("Api-Key"));
        var timestamp = request.Header("Timestamp");
        Assert.NotNull(timestamp);
        Assert.Matches(ThirteenDigits(), timestamp);
        var sentMs = long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture);
        var receivedMs = request.LoggedAt.ToUnixTimeMilliseconds();
        Assert.True(sentMs <= receivedMs, $"{request}: Timestamp {sentMs} is in the future of the server clock ({receivedMs}).");
        Assert.True(receivedMs - sentMs <= 60_000, $"{request}: Timestamp {sentMs} is more than 60 s before the server clock ({receivedMs}).");
    }

    /// <summary>
    /// A JSON body whose members are snake_case names, holding at least the expected values. (Every body is also checked
    /// against the operation's schema when the test ends, see <see cref="WireContract"/>; whether unset optional members
    /// are omitted is checked by <see cref="AssertNoNulls"/>.)
    /// </summary>
    public static JsonObject AssertBody(RecordedRequest request, string operationId, JsonObject expected)
    {
        Assert.StartsWith("application/json", request.Header("Content-Type") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        var body = request.BodyJson();
        Assert.Equal(operationId, WireSpec.KeySecure.Match(request.Method, request.Path)?.OperationId);
        foreach (var (name, _) in body) Assert.Matches(SnakeCase(), name);
        foreach (var (name, value) in expected)
        {
            Assert.True(body.ContainsKey(name), $"{request}: body lacks '{name}': {body.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(value, body[name]), $"{request}: '{name}' is {body[name]?.ToJsonString()}, expected {value?.ToJsonString()}.");
        }
        return body;
    }

    /// <summary>Unset optional members are omitted, not sent as <c>null</c>.</summary>
    public static void AssertNoNulls(RecordedRequest request)
    {
        var nulls = request.BodyJson().Where(p => p.Value is null).Select(p => p.Key).ToList();
        Assert.True(nulls.Count == 0, $"{request}: unset optional fields are sent as null instead of omitted: {string.Join(", ", nulls)}.");
    }

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex ThirteenDigits();

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
