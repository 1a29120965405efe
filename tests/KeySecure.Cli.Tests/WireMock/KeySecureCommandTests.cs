using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.WireMock;

/// <summary>The KeySecure commands against WireMock: stdout JSON, exit codes and what reached the wire.</summary>
[Collection(WireMockCollection.Name)]
public sealed class KeySecureCommandTests(WireMockServer server) : CliWireMockTest(server)
{
    private const string Pan = "4111111111111111";
    private const string Cvv = "123";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
    }

    [Fact]
    public async Task Token_prints_the_expiry_and_never_the_token()
    {
        var result = (await Run(KeySecureEnv(), "token")).ShouldExit(0);

        var json = result.Json();
        Assert.Equal("2100-01-01T00:00:00Z", (string?)json["expires_at"]);
        Assert.Equal(4102444800000, (long?)json["expired_time"]);
        Assert.True((bool?)json["token_received"]);
        Assert.DoesNotContain(TestData.AccessToken, result.All);
        var request = Assert.Single(await Journal());
        Assert.Equal("GET", request.Method);
        Assert.Equal(KeySecurePrefix + "/merchant/token", request.Path);
        Assert.Equal(KeySecureSdk.ApiKey, request.Header("Api-Key"));
        Assert.False(request.HasHeader("Access-Token"));
    }

    [Fact]
    public async Task Card_detail_prints_the_card_as_json()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetCardDetail");

        var result = (await Run(KeySecureEnv(), "card", "detail", TestData.CardNo)).ShouldExit(0);

        var json = result.Json();
        Assert.Equal(TestData.CardNo, (string?)json["card_no"]);
        Assert.Equal("Activated", (string?)json["status"]);
        Assert.Equal("1111", (string?)json["card_last_no"]);
        Assert.NotNull(json["fee_detail"]);
        var detail = Assert.Single(await WireMock.RequestsAsync("GET", $"{KeySecurePrefix}/card/{TestData.CardNo}/detail"));
        Assert.Equal(TestData.AccessToken, detail.Header("Access-Token"));
    }

    [Fact]
    public async Task Card_detail_prints_fees_sent_as_numbers_and_counts_sent_as_strings_exactly()
    {
        // The provider's pages do not say whether amounts are strings or numbers: both must print, digit for digit.
        const string body = $$$$"""
            {"code":0,"msg":"success","data":{"card_no":"{{{{TestData.CardNo}}}}","status":"Activated","card_last_no":"1111",
             "fee_detail":{"consume_rate":0.015,"open_cost":5.00,"atm_rate":0.0200,"free_management_fee_threshold":1000.10,
             "decline_fee":"0.30","free_small_consume_count":"3","decline_fee_free_count":"5","decline_fee_free_days":30,
             "apple_pay_fee":""}}}
            """;
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", $"/card/{TestData.CardNo}/detail", Stubs.Status(200, body)).OffSpec("amounts and counts as numeric strings, as the provider's pages show them: the SDK reads both"));

        var result = (await Run(KeySecureEnv(), "card", "detail", TestData.CardNo)).ShouldExit(0);

        var fees = result.Json()["fee_detail"]!.AsObject();
        Assert.Equal("0.015", fees["consume_rate"]!.ToJsonString());
        Assert.Equal("5.00", fees["open_cost"]!.ToJsonString());
        Assert.Equal("0.0200", fees["atm_rate"]!.ToJsonString());
        Assert.Equal("1000.10", fees["free_management_fee_threshold"]!.ToJsonString());
        Assert.Equal("0.30", fees["decline_fee"]!.ToJsonString());
        Assert.Equal("3", fees["free_small_consume_count"]!.ToJsonString());
        Assert.Equal("5", fees["decline_fee_free_count"]!.ToJsonString());
        Assert.Equal("30", fees["decline_fee_free_days"]!.ToJsonString());
        Assert.False(fees.ContainsKey("apple_pay_fee"));
    }

    [Fact]
    public async Task Card_detail_with_a_fee_that_is_not_a_number_fails_instead_of_printing_zero()
    {
        const string body = $$$$"""{"code":0,"msg":"success","data":{"card_no":"{{{{TestData.CardNo}}}}","fee_detail":{"open_cost":"five"}}}""";
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", $"/card/{TestData.CardNo}/detail", Stubs.Status(200, body)).OffSpec("a fee that is no number, to see the read fail"));

        var result = await Run(KeySecureEnv(), "card", "detail", TestData.CardNo);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Card_detail_prints_digit_strings_sent_as_numbers_as_strings()
    {
        // The spec declares card_last_no a string; a provider may well send the digits as a JSON number.
        const string body = $$$$"""{"code":0,"msg":"success","data":{"card_no":"{{{{TestData.CardNo}}}}","status":"Activated","card_last_no":1234}}""";
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", $"/card/{TestData.CardNo}/detail", Stubs.Status(200, body)).OffSpec("card_last_no sent as a JSON number, which the SDK reads as its digits"));

        var result = (await Run(KeySecureEnv(), "card", "detail", TestData.CardNo)).ShouldExit(0);

        var lastNo = result.Json()["card_last_no"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.String, lastNo.GetValueKind());
        Assert.Equal("1234", (string?)lastNo);
    }

    [Fact]
    public async Task Card_detail_answered_with_a_body_past_the_limit_fails_with_exit_5_having_asked_once()
    {
        // 3 MB, past the default 1 MiB limit: refused while reading, and not retried (the same answer would come again).
        var body = $$$"""{"code":0,"msg":"success","data":{"card_no":"{{{TestData.CardNo}}}","note":"{{{new string('x', 3 * 1024 * 1024)}}}"}}""";
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", $"/card/{TestData.CardNo}/detail", Stubs.Status(200, body)).OffSpec("a body past the size limit, with a member the spec does not declare"));

        var result = await Run(KeySecureEnv(), "card", "detail", TestData.CardNo);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("MaxResponseBodyBytes", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Single(await WireMock.RequestsAsync("GET", $"{KeySecurePrefix}/card/{TestData.CardNo}/detail"));
    }

    [Fact]
    public async Task Card_private_info_is_masked_unless_revealed()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetCardPrivateInfo");

        var masked = (await Run(KeySecureEnv(), "card", "private-info", TestData.CardNo)).ShouldExit(0);
        var json = masked.Json();
        Assert.Equal("411111******1111", (string?)json["pan"]);
        Assert.Equal("***", (string?)json["cvv"]);
        Assert.True((bool?)json["masked"]);
        Assert.DoesNotContain(Pan, masked.All);
        Assert.DoesNotContain($"\"{Cvv}\"", masked.All);

        var revealed = (await Run(KeySecureEnv(), "card", "private-info", TestData.CardNo, "--reveal")).ShouldExit(0);
        Assert.Equal(Pan, (string?)revealed.Json()["pan"]);
        Assert.Equal(Cvv, (string?)revealed.Json()["cvv"]);
        Assert.DoesNotContain(Pan, revealed.Stderr);
        Assert.Contains("--reveal", revealed.Stderr);
    }

    [Fact]
    public async Task Card_private_info_with_the_wrong_secret_exits_4()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetCardPrivateInfo");

        var result = (await Run(KeySecureEnv(apiSecret: "wrong-secret-016"), "card", "private-info", TestData.CardNo)).ShouldExit(4);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("KEYSECURE_API_SECRET", result.Stderr);
        Assert.DoesNotContain("wrong-secret-016", result.All);
        Assert.Single(await WireMock.RequestsAsync("GET", $"{KeySecurePrefix}/card/{TestData.CardNo}/private/info"));
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("111357")]
    [InlineData("12345")]
    public async Task Pin_set_with_a_weak_pin_exits_2_and_sends_nothing(string pin)
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "SetCardPin");

        var result = (await Run(KeySecureEnv(), CliRun.Stdin(pin), "card", "pin-set", "--card-no", TestData.CardNo, "--cardholder-no", TestData.CardholderNo, "--pin", "-"))
            .ShouldExit(2);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("'pin'", result.Stderr);
        Assert.DoesNotContain(pin, result.All);
        Assert.Empty(await Journal()); // not even Get Token
    }

    [Fact]
    public async Task Pin_set_sends_the_pin_encrypted_and_prints_the_result()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "SetCardPin");

        var result = (await Run(KeySecureEnv(), CliRun.Stdin("480759"), "card", "pin-set", "--card-no", TestData.CardNo, "--cardholder-no", TestData.CardholderNo, "--pin", "-"))
            .ShouldExit(0);

        Assert.True((bool?)result.Json()["result"]);
        Assert.DoesNotContain("480759", result.All);
        var body = Assert.Single(await WireMock.RequestsAsync("POST", KeySecurePrefix + "/card/pin/set")).BodyJson();
        Assert.Equal(TestData.CardNo, (string?)body["card_no"]);
        Assert.NotEqual("480759", (string?)body["pin"]);
    }

    [Fact]
    public async Task Pin_set_refused_by_the_provider_exits_3_naming_the_code_and_its_meaning()
    {
        await WireMock.AddMappingAsync(Stubs.KeySecure("POST", "/card/pin/set", Stubs.Envelope(4005, "card status error")));

        var result = (await Run(KeySecureEnv(), CliRun.Stdin("480759"), "card", "pin-set", "--card-no", TestData.CardNo, "--cardholder-no", TestData.CardholderNo, "--pin", "-"))
            .ShouldExit(3);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("4005", result.Stderr);
        Assert.Contains("Card status does not allow the operation", result.Stderr);
        Assert.Single(await WireMock.RequestsAsync("POST", KeySecurePrefix + "/card/pin/set")); // a state change is never retried
    }

    [Fact]
    public async Task Activate_sends_the_cvv_encrypted()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "ActivateCard");

        var result = (await Run(KeySecureEnv(), CliRun.Stdin("321"), "card", "activate", "--card-no", TestData.CardNo, "--cardholder-no", TestData.CardholderNo,
            "--cvv", "-", "--last-no", "1111")).ShouldExit(0);

        Assert.Equal("ActivateCard", (string?)result.Json()["operation"]);
        var body = Assert.Single(await WireMock.RequestsAsync("POST", KeySecurePrefix + "/card/active")).BodyJson();
        Assert.Equal("1111", (string?)body["card_last_no"]);
        Assert.NotEqual("321", (string?)body["cvv"]);
    }

    [Fact]
    public async Task Activate_with_a_malformed_cvv_exits_2_and_sends_nothing()
    {
        var result = (await Run(KeySecureEnv(), CliRun.Stdin("12"), "card", "activate", "--card-no", TestData.CardNo, "--cardholder-no", TestData.CardholderNo,
            "--cvv", "-", "--last-no", "1111")).ShouldExit(2);

        Assert.Contains("'cvv'", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task Status_sends_the_new_status()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "UpdateCardStatus");

        var result = (await Run(KeySecureEnv(), "card", "status", "--card-no", TestData.CardNo, "--status", "frozen")).ShouldExit(0);

        Assert.Equal("Frozen", (string?)result.Json()["status"]);
        var body = Assert.Single(await WireMock.RequestsAsync("POST", KeySecurePrefix + "/card/status/update")).BodyJson();
        Assert.Equal("Frozen", (string?)body["status"]);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("Unfrozen")]
    public async Task Status_with_an_unsupported_value_exits_2_and_sends_nothing(string status)
    {
        var result = (await Run(KeySecureEnv(), "card", "status", "--card-no", TestData.CardNo, "--status", status)).ShouldExit(2);

        Assert.Contains("Frozen, Activated, Delete", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_503_on_a_read_exits_5_after_the_retries()
    {
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", $"/card/{TestData.CardNo}/detail", Stubs.Status(503, "Service Unavailable", "text/plain")).OffSpec("an answer from a gateway in front of the provider, not the provider's envelope"));

        var result = (await Run(KeySecureEnv(), "card", "detail", TestData.CardNo)).ShouldExit(5);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("503", result.Stderr);
        Assert.Equal(1 + MaxRetries, (await WireMock.RequestsAsync("GET", $"{KeySecurePrefix}/card/{TestData.CardNo}/detail")).Count);
    }

    [Fact]
    public async Task A_status_change_answered_by_a_connection_reset_exits_6_and_was_sent_once()
    {
        await WireMock.AddMappingAsync(Stubs.KeySecure("POST", "/card/status/update", Stubs.Fault("CONNECTION_RESET_BY_PEER")));

        var result = (await Run(KeySecureEnv(), "card", "status", "--card-no", TestData.CardNo, "--status", "frozen")).ShouldExit(6);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("outcome is unknown", result.Stderr);
        Assert.Contains("GetCardDetail", result.Stderr); // what to check
        Assert.Single(await WireMock.RequestsAsync("POST", KeySecurePrefix + "/card/status/update"));
    }

    [Fact]
    public async Task A_status_change_answered_code_0_with_truncated_json_exits_6_and_was_sent_once()
    {
        await WireMock.AddMappingAsync(Stubs.KeySecure("POST", "/card/status/update", Stubs.Status(200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"result\":")).OffSpec("the provider's answer cut off mid-body"));

        var result = (await Run(KeySecureEnv(), "card", "status", "--card-no", TestData.CardNo, "--status", "frozen")).ShouldExit(6);

        Assert.Contains("outcome is unknown", result.Stderr);
        Assert.Single(await WireMock.RequestsAsync("POST", KeySecurePrefix + "/card/status/update"));
    }

    [Fact]
    public async Task An_invalid_api_key_answer_exits_3()
    {
        await WireMock.ResetAsync();
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", "/merchant/token", Stubs.Envelope(1008, "api key not exist")));

        var result = (await Run(KeySecureEnv(), "token")).ShouldExit(3);

        Assert.Contains("1008", result.Stderr);
        Assert.Contains("Api-Key does not exist", result.Stderr);
    }

    [Fact]
    public async Task Missing_configuration_exits_2_naming_the_variables_and_sends_nothing()
    {
        var environment = KeySecureEnv();
        environment.Remove("KEYSECURE_API_SECRET");
        environment["KEYSECURE_API_KEY"] = "";

        var result = (await Run(environment, "card", "detail", TestData.CardNo)).ShouldExit(2);

        Assert.Contains("KEYSECURE_API_SECRET", result.Stderr);
        Assert.Contains("KEYSECURE_API_KEY", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_secret_of_the_wrong_length_exits_2_without_echoing_it()
    {
        var result = (await Run(KeySecureEnv(apiSecret: "short-secret"), "card", "detail", TestData.CardNo)).ShouldExit(2);

        Assert.Contains("ApiSecret", result.Stderr);
        Assert.DoesNotContain("short-secret", result.All);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_flag_overrides_the_environment()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetCardDetail");
        var environment = KeySecureEnv();
        environment["KEYSECURE_BASE_URL"] = "http://127.0.0.1:9/"; // nothing listens there

        var keyFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, "ak_from_file\n", Ct);
            (await Run(environment, "card", "detail", TestData.CardNo, "--base-url", Server.BaseUri.ToString(), "--api-key-file", keyFile)).ShouldExit(0);
        }
        finally
        {
            File.Delete(keyFile);
        }

        Assert.All(await Journal(), r => Assert.Equal("ak_from_file", r.Header("Api-Key")));
    }

    [Fact]
    public async Task Stdout_holds_exactly_one_json_document_and_progress_goes_to_stderr()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetCardDetail");

        var result = (await Run(KeySecureEnv(), "card", "detail", TestData.CardNo, "--verbose")).ShouldExit(0);

        Assert.IsType<JsonObject>(JsonNode.Parse(result.Stdout));
        Assert.Contains("GetCardDetail", result.Stderr);
        Assert.DoesNotContain(TestData.AccessToken, result.All);
    }
}
