using System.Net;
using System.Text.Json.Nodes;
using KeySecure.Generated.SpecTesting;
using KeySecure.Sandbox.Specs;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// An operation the sandbox does not emulate answers its spec's 200 example, checked against the 200 schema first:
/// an operation added to a spec is callable (and can be failed with <see cref="SandboxServer.FailNext"/>, and its
/// requests are checked) after one build, with no sandbox code.
/// </summary>
public sealed class SpecExampleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> OperationIds => new(SandboxSpecs.Embedded.All.SelectMany(s => s.Operations).Select(o => o.OperationId));

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void Every_operations_example_is_an_answer_its_own_schema_and_the_projects_validator_accept(string operationId)
    {
        var operation = SandboxSpecs.Embedded.Operation(operationId)!;

        var (status, body) = SpecExampleAnswer.Of(operation);

        Assert.True(status == 200, body);
        var wire = operation.Spec == SandboxSpecs.Embedded.KeySecure ? WireSpec.KeySecure : WireSpec.WorldFirst;
        new WireValidator(wire).AssertResponse(wire.Operation(operationId), new WireResponse(200, body));
    }

    [Fact]
    public void An_example_that_breaks_its_own_schema_is_answered_500_naming_the_breach()
    {
        var json = SandboxSpecs.EmbeddedJson("keysecure");
        json["paths"]!["/card/{cardNo}/detail"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!["data"]!["card_last_four"] = "1234";
        var operation = new SpecDocument("keysecure.yaml", json).Operations.Single(o => o.OperationId == "GetCardDetail");

        var (status, body) = SpecExampleAnswer.Of(operation);

        Assert.Equal(500, status);
        Assert.Contains("/data/card_last_four: [undeclared]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_added_to_a_spec_answers_its_example_can_be_failed_and_has_its_requests_checked()
    {
        var json = SandboxSpecs.EmbeddedJson("keysecure");
        json["paths"]!["/card/{cardNo}/limits"] = JsonNode.Parse("""
            {"get": {"operationId": "GetCardLimits", "x-keysecure-effect": "read", "x-keysecure-auth": "token",
              "parameters": [{"$ref": "#/components/parameters/CardNo"}],
              "responses": {"200": {"description": "limits", "content": {"application/json": {
                "schema": {"oneOf": [{"$ref": "#/components/schemas/ProviderError"},
                  {"allOf": [{"$ref": "#/components/schemas/Success"},
                    {"type": "object", "properties": {"data": {"type": "object", "required": ["daily"], "properties": {"daily": {"type": "integer"}}}}}]}]},
                "example": {"code": 0, "msg": "success", "data": {"daily": 500}}}}}}}}
            """);
        var specs = new SandboxSpecs(new SpecDocument("keysecure.yaml", json), SandboxSpecs.Embedded.WorldFirst);
        await using var sandbox = await SandboxServer.StartAsync(
            new SandboxOptions { Credentials = SandboxFixture.SharedCredentials.Value }, specs, Ct);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        sandbox.FailNext("GetCardLimits", SandboxFault.HttpStatus(503));

        using var failed = await http.GetAsync("/open-api/v1/card/C1/limits", Ct);
        var anonymous = JsonNode.Parse(await http.GetStringAsync("/open-api/v1/card/C1/limits", Ct))!;
        var answer = await SendAsync(http, "/open-api/v1/card/C1/limits", sandbox, await TokenAsync(http, sandbox));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        // Refused as the provider refuses a call without credentials, as the emulated operations are.
        Assert.Equal(1002, (int?)anonymous["code"]); // Api-Key is required.
        Assert.Equal("""{"code":0,"msg":"success","data":{"daily":500}}""", answer);
        Assert.Equal(["GetCardLimits", "GetCardLimits", "GetToken", "GetCardLimits"], sandbox.Requests.Select(r => r.OperationId));
        Assert.Contains(sandbox.Requests[1].Violations, v => v.ToString() == "GetCardLimits request headers: [security] missing Api-Key, Timestamp, Access-Token");
        Assert.Empty(sandbox.Requests[3].Violations);
    }

    private static async Task<string> TokenAsync(HttpClient http, SandboxServer sandbox) =>
        (string)JsonNode.Parse(await SendAsync(http, "/open-api/v1/merchant/token", sandbox, token: null))!["data"]!["access_token"]!;

    private static async Task<string> SendAsync(HttpClient http, string path, SandboxServer sandbox, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Api-Key", sandbox.Credentials.ApiKey);
        request.Headers.Add("Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (token is not null) request.Headers.Add("Access-Token", token);
        using var response = await http.SendAsync(request, Ct);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
