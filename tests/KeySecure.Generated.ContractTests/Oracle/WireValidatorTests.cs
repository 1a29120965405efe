using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Oracle;

/// <summary>
/// The wire validator finds what the contract tests rely on it to find, each failure naming the operation, the JSON
/// pointer and the rule: on mutated copies of the documented answers and requests, and on a mutated copy of the spec.
/// </summary>
public sealed class WireValidatorTests
{
    private static WireValidator KeySecure => WireContract.KeySecure;

    public static TheoryData<string, string, string, string, string> ResponseMutations => new()
    {
        // operation, JSON pointer of the changed member, its new JSON value, reported location, rule
        { "GetCardDetail", "/data/card_type", "\"Gold\"", "/data/card_type", "enum" },
        { "GetCardDetail", "/data/fee_detail/consume_rate", "\"0.015\"", "/data/fee_detail/consume_rate", "type" },
        { "GetCardDetail", "/data/fee_detail/free_small_consume_count", "3000000000", "/data/fee_detail/free_small_consume_count", "maximum" },
        { "ListCards", "/data/list/1/status", "\"Lost\"", "/data/list/1/status", "enum" },
        { "ListCardPackages", "/data/list/0/en_tag_list/0", "7", "/data/list/0/en_tag_list/0", "type" },
        { "GetToken", "/data/expired_time", "\"tomorrow\"", "/data/expired_time", "type" },
        { "ActivateCard", "/data", "[true]", "/data", "type" },
        { "GetCardholder", "/data/card_list/0/card_no", "null", "/data/card_list/0/card_no", "type" },
    };

    [Theory]
    [MemberData(nameof(ResponseMutations))]
    public void A_documented_answer_with_a_changed_value_fails_naming_operation_pointer_and_rule(
        string operationId, string pointer, string value, string location, string rule)
    {
        var body = Example(operationId);
        Set(body, pointer, JsonNode.Parse(value));

        var violations = KeySecure.CheckResponse(KeySecure.Spec.Operation(operationId), new WireResponse(200, body.ToJsonString()));

        Assert.Contains(violations, v => v.Operation == operationId && v.Location == location && v.Rule == rule);
    }

    [Fact]
    public void A_renamed_member_inside_data_fails_naming_the_new_name_and_the_operation()
    {
        var body = Example("GetCardDetail");
        var data = body["data"]!.AsObject();
        data["card_last_four"] = data["card_last_no"]!.DeepClone();
        data.Remove("card_last_no");

        var error = Assert.Throws<WireContractException>(() =>
            KeySecure.AssertResponse(KeySecure.Spec.Operation("GetCardDetail"), new WireResponse(200, body.ToJsonString())));

        Assert.Contains(error.Violations, v => v.Operation == "GetCardDetail" && v.Location == "/data/card_last_four" && v.Rule == "undeclared");
        Assert.Contains("GetCardDetail", error.Message);
        Assert.Contains("/data/card_last_four", error.Message);
    }

    [Fact]
    public void The_envelope_is_closed_too()
    {
        var body = Example("GetToken");
        body["message"] = "success";

        var violations = KeySecure.CheckResponse(KeySecure.Spec.Operation("GetToken"), new WireResponse(200, body.ToJsonString()));

        Assert.Contains(violations, v => v.Location == "/message" && v.Rule == "undeclared");
    }

    [Fact]
    public void An_error_envelope_answered_with_200_is_on_the_spec_and_a_success_without_data_is_not()
    {
        var operation = KeySecure.Spec.Operation("GetCardDetail");

        Assert.Empty(KeySecure.CheckResponse(operation, new WireResponse(200, """{"code":4005,"msg":"card status","data":null}""")));
        Assert.Empty(KeySecure.CheckResponse(operation, new WireResponse(500, """{"code":1001,"msg":"system error"}""")));
        Assert.Contains(KeySecure.CheckResponse(operation, new WireResponse(200, """{"code":0,"msg":"success","data":null}""")),
            v => v.Location == "/data" && v.Rule == "type");
        Assert.Contains(KeySecure.CheckResponse(operation, new WireResponse(200, "<html>502</html>")), v => v.Rule == "json");
    }

    [Fact]
    public void The_objects_the_spec_declares_open_stay_open()
    {
        var body = Example("GetConsumption");
        body["data"]!["terminal_id"] = "T-1";

        Assert.Empty(KeySecure.CheckResponse(KeySecure.Spec.Operation("GetConsumption"), new WireResponse(200, body.ToJsonString())));
    }

    [Fact]
    public void Encrypted_data_is_checked_as_ciphertext_and_its_plaintext_against_the_plaintext_schema()
    {
        var operation = KeySecure.Spec.Operation("GetCardPrivateInfo");
        var plaintext = """{"card_no":"C1","pan":"4111111111111111","cvv":"123","exp_month":"07","exp_year":"2029","pin":"1234"}""";
        var body = new JsonObject { ["code"] = 0, ["msg"] = "success", ["data"] = AesEcb.Encrypt(plaintext, KeySecureSdk.ApiSecret) };

        Assert.Contains(KeySecure.CheckResponse(operation, new WireResponse(200, body.ToJsonString())), v => v.Location == "/data (decrypted)/pin");

        body["data"] = "not base64!";
        Assert.Contains(KeySecure.CheckResponse(operation, new WireResponse(200, body.ToJsonString())), v => v.Location == "/data" && v.Rule == "pattern");
    }

    [Fact]
    public void A_changed_field_type_inside_data_in_a_copy_of_the_spec_is_detected()
    {
        var temp = Directory.CreateTempSubdirectory("ks-wire-spec-");
        try
        {
            var original = File.ReadAllText(RepoPaths.OpenApi("keysecure.yaml"));
            // CardDetail's card_last_no (followed by status, time and fee_detail: no other schema has that run).
            const string declared = """
                        card_last_no:
                          type: string
                          description: Last digits of the card number.
                        status:
                          $ref: '#/components/schemas/CardStatus'
                        time:
                          type: string
                          description: Creation time.
                        fee_detail:
                """;
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(original, System.Text.RegularExpressions.Regex.Escape(declared)));
            var retyped = declared.Replace("card_last_no:\n          type: string", "card_last_no:\n          type: integer", StringComparison.Ordinal);
            Assert.NotEqual(declared, retyped);
            var copy = Path.Combine(temp.FullName, "keysecure.yaml");
            File.WriteAllText(copy, original.Replace(declared, retyped, StringComparison.Ordinal));
            var changed = new WireValidator(WireSpec.Load(copy));
            var answer = new WireResponse(200, Example("GetCardDetail").ToJsonString());

            var violations = changed.CheckResponse(changed.Spec.Operation("GetCardDetail"), answer);

            Assert.Empty(KeySecure.CheckResponse(KeySecure.Spec.Operation("GetCardDetail"), answer));
            Assert.Contains(violations, v => v.Operation == "GetCardDetail" && v.Location == "/data/card_last_no" && v.Rule == "type");
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    public static TheoryData<string, string, string, string> RequestMutations => new()
    {
        // case, request (method path | headers | body), reported location, rule
        { "undeclared member", "POST /open-api/v1/card/list|token|{\"cardholder_no\":\"CH1\",\"colour\":\"red\"}", "/colour", "undeclared" },
        { "wrong type", "POST /open-api/v1/card/list|token|{\"page\":\"1\"}", "/page", "type" },
        { "above the maximum", "POST /open-api/v1/card/list|token|{\"size\":500}", "/size", "maximum" },
        { "missing required", "POST /open-api/v1/card/pin/set|token|{\"card_no\":\"C1\",\"cardholder_no\":\"CH1\"}", "/", "required" },
        { "nested object", "POST /open-api/v1/card/apply|token|{\"cardholder_no\":\"CH1\",\"card_unique_no\":\"u\",\"card_type\":\"Virtual\",\"address_info\":{\"country\":\"CN\"}}", "/address_info", "required" },
        { "enum", "POST /open-api/v1/card/status/update|token|{\"card_no\":\"C1\",\"status\":\"Pending\"}", "/status", "enum" },
        { "plaintext PIN on the wire", "POST /open-api/v1/card/pin/set|token|{\"card_no\":\"C1\",\"cardholder_no\":\"CH1\",\"pin\":\"135790\"}", "/pin", "pattern" },
        { "ciphertext of a 5-digit PIN", "POST /open-api/v1/card/pin/set|token|{\"card_no\":\"C1\",\"cardholder_no\":\"CH1\",\"pin\":\"" + AesEcb.Encrypt("13579", KeySecureSdk.ApiSecret) + "\"}", "/pin", "x-keysecure-plaintext" },
        { "Access-Token on Get Token", "GET /open-api/v1/merchant/token|token|", "header Access-Token", "security" },
        { "no Access-Token", "POST /open-api/v1/card/list|api-key|{}", "headers", "security" },
        { "credentials on a simulation", "POST /open-api/v1/simulate/auth|api-key|{}", "header Api-Key", "security" },
        { "undeclared query parameter", "GET /open-api/v1/card/C1/detail?verbose=1|token|", "query verbose", "undeclared" },
        { "no such operation", "DELETE /open-api/v1/card/C1/detail|token|", "DELETE /open-api/v1/card/C1/detail", "operation" },
    };

    [Theory]
    [MemberData(nameof(RequestMutations))]
    public void A_request_off_the_spec_is_caught(string what, string request, string location, string rule)
    {
        var violations = KeySecure.CheckRequest(Request(request));

        Assert.True(violations.Any(v => v.Location == location && v.Rule == rule),
            $"{what}: expected a violation at {location} ({rule}), got:\n  {string.Join("\n  ", violations)}");
    }

    [Fact]
    public void The_requests_the_sdk_sends_pass()
    {
        var pin = AesEcb.Encrypt("135790", KeySecureSdk.ApiSecret);

        Assert.Empty(KeySecure.CheckRequest(Request($"POST /open-api/v1/card/pin/set|token|{{\"card_no\":\"C1\",\"cardholder_no\":\"CH1\",\"pin\":\"{pin}\"}}")));
        Assert.Empty(KeySecure.CheckRequest(Request("GET /open-api/v1/merchant/token|api-key|")));
        Assert.Empty(KeySecure.CheckRequest(Request("POST /open-api/v1/simulate/auth|none|{\"card_no\":\"C1\"}")));
        Assert.Empty(KeySecure.CheckRequest(Request("GET /open-api/v1/card/C1/detail|token|")));
    }

    private static JsonObject Example(string operationId) =>
        SpecExamples.SuccessBody(KeySecure.Spec.Operation(operationId)).AsObject();

    /// <summary>Replaces the member a JSON pointer names (its parent must exist).</summary>
    private static void Set(JsonNode root, string pointer, JsonNode? value)
    {
        var parts = pointer.TrimStart('/').Split('/');
        var parent = parts[..^1].Aggregate(root, (node, part) => node is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!);
        if (parent is JsonArray list) list[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else parent[parts[^1]] = value;
    }

    /// <summary>"METHOD path|credentials|body", credentials one of none, api-key, token.</summary>
    private static WireRequest Request(string text)
    {
        var parts = text.Split('|', 3);
        var line = parts[0].Split(' ', 2);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (parts[1] is "api-key" or "token")
        {
            headers["Api-Key"] = KeySecureSdk.ApiKey;
            headers["Timestamp"] = "1714550400000";
        }
        if (parts[1] == "token") headers["Access-Token"] = TestData.AccessToken;
        if (parts[2].Length > 0) headers["Content-Type"] = "application/json; charset=utf-8";
        return new WireRequest(line[0], line[1], headers, parts[2]);
    }
}
