using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.SpecTesting;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// Every request the sandbox receives is checked against the spec it was built with (<see cref="SandboxRequest.Violations"/>,
/// <see cref="SandboxServer.AssertRequestsFollowSpec"/>, <see cref="SandboxOptions.RefuseOffSpecRequests"/>): the SDK's
/// requests pass, off-spec ones fail naming operation, location and rule (never a value), and the sandbox's verdict
/// agrees with the project's own wire validator (JsonSchema.Net over the YAML).
/// </summary>
public sealed class RequestSpecTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sdks_requests_follow_the_spec_and_the_assertion_passes()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        using var sdk = new Sdk(sandbox);
        var holder = sandbox.SeedCardholder();
        await sdk.Cards.ApplyCardAsync(new ApplyCardRequest
        {
            CardholderNo = holder, CardUniqueNo = "C-" + Guid.NewGuid().ToString("N"), CardType = CardType.Virtual, PackageNo = "PKG-VISA-STD",
        }, Ct);
        await sdk.Cards.ListCardsAsync(new ListCardsRequest { CardholderNo = holder, Size = 5 }, Ct);
        await sdk.Accounts.TransferFundsAsync(new TransferFundsRequest { CardholderNo = holder, TransferUniqueNo = "T-" + Guid.NewGuid().ToString("N"), Type = TransferType.In, Balance = "5" }, Ct);

        Assert.Equal(["GetToken", "ApplyCard", "ListCards", "TransferFunds"], sandbox.Requests.Select(r => r.OperationId));
        Assert.All(sandbox.Requests, r => Assert.Empty(r.Violations));
        sandbox.AssertRequestsFollowSpec();
    }

    [Fact]
    public async Task An_off_spec_request_fails_the_assertion_naming_operation_pointer_and_rule_but_no_value()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var token = await TokenAsync(sandbox, http);

        await SendAsync(http, sandbox, HttpMethod.Post, "/open-api/v1/card/list", """{"size":"ten","card_no":"4111111111111111","colour":"red"}""", token);
        await SendAsync(http, sandbox, HttpMethod.Post, "/open-api/v1/card/list", """{"size":5}""", token: null);
        await SendAsync(http, sandbox, HttpMethod.Post, "/open-api/v1/cardholder/apply", """{"cardholder_unique_no":"u-1"}""", token);
        await http.GetAsync("/open-api/v1/card/C1/nowhere", Ct);

        var error = Assert.Throws<SandboxSpecException>(sandbox.AssertRequestsFollowSpec);
        var violations = error.Requests.SelectMany(r => r.Violations).Select(v => v.ToString()).ToList();
        Assert.Contains("ListCards request /size: [type] a string where the spec wants integer", violations);
        Assert.Contains("ListCards request /colour: [undeclared] the spec declares no such member", violations);
        Assert.Contains("ListCards request headers: [security] missing Access-Token", violations);
        Assert.Contains("ApplyCardholder request /sumsub_share_token: [required] missing", violations);
        Assert.Contains(violations, v => v.StartsWith("(no operation) request GET /open-api/v1/card/C1/nowhere: [operation]", StringComparison.Ordinal));
        Assert.Equal(4, error.Requests.Count);
        Assert.DoesNotContain("4111111111111111", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        Assert.Empty(Assert.Single(sandbox.Requests, r => r.OperationId == "GetToken").Violations);
    }

    [Fact]
    public async Task With_RefuseOffSpecRequests_an_off_spec_write_is_answered_1004_and_not_applied()
    {
        await using var sandbox = await SandboxFixture.StartAsync(o => o.RefuseOffSpecRequests = true);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var token = await TokenAsync(sandbox, http);
        var holder = sandbox.SeedCardholder();

        var refused = await SendAsync(http, sandbox, HttpMethod.Post, "/open-api/v1/account/transfer",
            $$"""{"cardholder_no":"{{holder}}","transfer_unique_no":"t-1","type":"In","balance":"10.00","memo":"x"}""", token);
        var accepted = await SendAsync(http, sandbox, HttpMethod.Post, "/open-api/v1/account/transfer",
            $$"""{"cardholder_no":"{{holder}}","transfer_unique_no":"t-2","type":"In","balance":"10.00"}""", token);

        Assert.Equal(1004, refused.GetProperty("code").GetInt32());
        Assert.Equal("memo [undeclared] the spec declares no such member (sandbox: the request breaks the spec)", refused.GetProperty("msg").GetString());
        Assert.Equal(0, accepted.GetProperty("code").GetInt32());
        Assert.Equal(["t-2"], sandbox.Transfers.Select(t => t.TransferUniqueNo));
        Assert.Equal(10.00m, Assert.Single(sandbox.Cardholders).Balance);
    }

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "POST", "/open-api/v1/card/list", """{"size":5,"page":0}""" },
        { "POST", "/open-api/v1/card/list", """{"size":"5"}""" },
        { "POST", "/open-api/v1/card/list", """{"size":1.5}""" },
        { "POST", "/open-api/v1/card/list", """{"size":5,"extra":true}""" },
        { "POST", "/open-api/v1/card/apply", """{"cardholder_no":"U1","card_unique_no":"c","card_type":"Virtual","package_no":"P"}""" },
        { "POST", "/open-api/v1/card/apply", """{"cardholder_no":"U1","card_unique_no":"c","card_type":"Plastic","package_no":"P"}""" },
        { "POST", "/open-api/v1/card/apply", $$"""{"cardholder_no":"U1","card_unique_no":"{{new string('c', 65)}}","card_type":"Virtual"}""" },
        { "POST", "/open-api/v1/card/apply", """{"cardholder_no":"U1","card_unique_no":"c","card_type":"Physical","address_info":{"city":"X","planet":"Mars"}}""" },
        { "POST", "/open-api/v1/card/apply", """{"cardholder_no":"U1","card_unique_no":"c","card_type":"Physical","address_info":{"city":3}}""" },
        { "POST", "/open-api/v1/cardholder/apply", """{"cardholder_unique_no":"u"}""" },
        { "POST", "/open-api/v1/cardholder/apply", """{"cardholder_unique_no":"u","sumsub_share_token":null}""" },
        { "POST", "/open-api/v1/card/pin/set", """{"card_no":"C1","pin":"123456"}""" },
        { "POST", "/open-api/v1/account/transfer", """{"cardholder_no":"U1","transfer_unique_no":"t","type":"Sideways","balance":"1.00"}""" },
        { "POST", "/open-api/v1/account/transfer", """[]""" },
        { "POST", "/open-api/v1/account/transfer", """not json""" },
        { "GET", "/open-api/v1/card/C1/detail", "" },
        { "GET", "/open-api/v1/card/C1/detail", """{"a":1}""" },
        { "POST", "/open-api/v1/simulate/auth", """{"card_no":"C1","amount":"1.00","currency":"USD"}""" },
    };

    /// <summary>The same request, judged by the sandbox and by the project's JsonSchema.Net validator: the verdicts agree.</summary>
    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task The_sandboxs_verdict_on_a_body_agrees_with_the_projects_wire_validator(string method, string path, string body)
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var isSimulation = path.Contains("/simulate/", StringComparison.Ordinal);
        var token = isSimulation ? null : await TokenAsync(sandbox, http);
        await SendAsync(http, sandbox, new HttpMethod(method), path, body, token, credentials: !isSimulation);

        var received = sandbox.Requests[^1];
        var oracle = SandboxWire.KeySecure(sandbox.Credentials.ApiSecret).CheckRequest(new WireRequest(received.Method, received.PathAndQuery, received.Headers, received.Body))
            .Where(v => v.Rule != "x-keysecure-plaintext") // the plaintext of an encrypted field needs the key: the sandbox checks the wire value only
            .ToList();
        // JsonSchema.Net counts a member that fails its own schema as unevaluated too, so it also calls it undeclared.
        oracle.RemoveAll(v => v.Rule == "undeclared" && oracle.Any(o => o.Location == v.Location && o.Rule != "undeclared"));
        Assert.True(oracle.Count == 0 == (received.Violations.Count == 0),
            $"sandbox: [{string.Join("; ", received.Violations)}]\noracle: [{string.Join("; ", oracle)}]");
        Assert.True(oracle.Select(v => v.Rule).Distinct().Order().SequenceEqual(received.Violations.Select(v => v.Rule).Distinct().Order()),
            $"sandbox: [{string.Join("; ", received.Violations)}]\noracle: [{string.Join("; ", oracle)}]");
    }

    private static async Task<string> TokenAsync(SandboxServer sandbox, HttpClient http)
    {
        var answer = await SendAsync(http, sandbox, HttpMethod.Get, "/open-api/v1/merchant/token", "", token: null);
        return answer.GetProperty("data").GetProperty("access_token").GetString()!;
    }

    /// <summary>Sends a raw request with the sandbox's Api-Key and a fresh Timestamp (and the token when given); returns the envelope.</summary>
    private static async Task<JsonElement> SendAsync(
        HttpClient http, SandboxServer sandbox, HttpMethod method, string path, string body, string? token, bool credentials = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (credentials)
        {
            request.Headers.Add("Api-Key", sandbox.Credentials.ApiKey);
            request.Headers.Add("Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }
        if (token is not null) request.Headers.Add("Access-Token", token);
        if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }
}
