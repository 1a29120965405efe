using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;

namespace KeySecure.Cli.Tests.WireMock;

/// <summary><c>worldfirst sensitive-info</c> against WireMock, with responses signed by a key generated per test.</summary>
[Collection(WireMockCollection.Name)]
public sealed class WorldFirstCommandTests(WireMockServer server) : CliWireMockTest(server)
{
    private const string Path = "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo";
    private const string CardNo = "5555444433331111";
    private readonly RSA _merchantKey = RSA.Create(2048);
    private readonly RSA _worldFirstKey = RSA.Create(2048);
    private readonly string _keyDirectory = Directory.CreateTempSubdirectory("ks-cli-wf-").FullName;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _merchantKey.Dispose();
        _worldFirstKey.Dispose();
        Directory.Delete(_keyDirectory, recursive: true);
    }

    [Fact]
    public async Task Sensitive_info_signs_the_request_verifies_the_response_and_masks_the_card()
    {
        await WireMock.AddMappingAsync(Signed(SuccessBody, _worldFirstKey));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(0);

        var json = result.Json();
        Assert.Equal(TestData.WorldFirstAssetId, (string?)json["asset_id"]);
        Assert.Equal("555544******1111", (string?)json["card_no"]);
        Assert.Equal("***", (string?)json["cvv"]);
        Assert.Equal("S", (string?)json["result"]!["result_status"]);
        Assert.True((bool?)json["signature_verified"]);
        Assert.DoesNotContain(CardNo, result.All);
        var request = Assert.Single(await WireMock.RequestsAsync("POST", Path));
        WorldFirstSignatures.AssertRequestSigned(request, _merchantKey, WorldFirstSdk.ClientId, WorldFirstSdk.KeyVersion);
    }

    [Fact]
    public async Task WORLDFIRST_ACCESS_TOKEN_is_sent_as_Access_Token_and_never_printed()
    {
        await WireMock.AddMappingAsync(Signed(SuccessBody, _worldFirstKey));
        var environment = Env();
        environment["WORLDFIRST_ACCESS_TOKEN"] = "oauth-token-4f9c2e";

        var result = (await Run(environment, "-v", "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(0);

        var request = Assert.Single(await WireMock.RequestsAsync("POST", Path));
        Assert.Equal("oauth-token-4f9c2e", request.Header("Access-Token"));
        WorldFirstSignatures.AssertRequestSigned(request, _merchantKey, WorldFirstSdk.ClientId, WorldFirstSdk.KeyVersion);
        Assert.DoesNotContain("oauth-token-4f9c2e", result.All);
    }

    [Fact]
    public async Task Without_WORLDFIRST_ACCESS_TOKEN_no_Access_Token_is_sent()
    {
        await WireMock.AddMappingAsync(Signed(SuccessBody, _worldFirstKey));

        (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(0);

        Assert.Null(Assert.Single(await WireMock.RequestsAsync("POST", Path)).Header("Access-Token"));
    }

    [Fact]
    public async Task Without_WORLDFIRST_KEY_VERSION_it_exits_2_naming_it_and_sends_nothing()
    {
        var environment = Env();
        environment.Remove("WORLDFIRST_KEY_VERSION");

        var result = (await Run(environment, "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(2);

        Assert.Contains("WORLDFIRST_KEY_VERSION", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task Sensitive_info_reveal_prints_the_card()
    {
        await WireMock.AddMappingAsync(Signed(SuccessBody, _worldFirstKey));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId, "--reveal")).ShouldExit(0);

        Assert.Equal(CardNo, (string?)result.Json()["card_no"]);
        Assert.Equal("456", (string?)result.Json()["cvv"]);
    }

    [Fact]
    public async Task A_response_signed_with_another_key_exits_4()
    {
        using var impostor = RSA.Create(2048);
        await WireMock.AddMappingAsync(Signed(SuccessBody, impostor));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(4);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("Mismatch", result.Stderr);
        Assert.DoesNotContain(CardNo, result.All);
    }

    [Fact]
    public async Task A_correctly_signed_answer_for_another_asset_exits_4()
    {
        await WireMock.AddMappingAsync(Signed(SuccessBody, _worldFirstKey));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", "WF-ASSET-0002", "--reveal")).ShouldExit(4);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("AssetIdMismatch", result.Stderr);
        Assert.DoesNotContain(CardNo, result.All);
    }

    [Theory]
    [InlineData(null, "WORLDFIRST_REGION (SG, EU or US) or WORLDFIRST_BASE_URL")]
    [InlineData("global", "open-sea.worldfirst.com")]
    public async Task Without_a_documented_region_or_a_base_url_it_exits_2_and_sends_nothing(string? region, string named)
    {
        var environment = Env();
        environment.Remove("WORLDFIRST_BASE_URL");
        environment["WORLDFIRST_REGION"] = region;

        var result = (await Run(environment, "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(2);

        Assert.Contains(named, result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task An_unsigned_response_exits_4()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.WorldFirst, "QueryCardSensitiveInfo");

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(4);

        Assert.Contains("MissingSignature", result.Stderr);
        Assert.DoesNotContain(CardNo, result.All);
    }

    [Fact]
    public async Task An_F_result_exits_3_naming_the_code_and_the_advice()
    {
        await WireMock.AddMappingAsync(Signed(
            """{"result":{"resultStatus":"F","resultCode":"USER_NOT_EXIST","resultMessage":"customerId is not correct."}}""", _worldFirstKey));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(3);

        Assert.Contains("USER_NOT_EXIST", result.Stderr);
        Assert.Contains("Retry with the correct user information", result.Stderr);
    }

    [Theory]
    [InlineData("F", "USER_NOT_EXIST", 3)]
    [InlineData("U", "UNKNOWN_EXCEPTION", 5)]
    public async Task An_unsigned_F_or_U_keeps_its_exit_code_and_is_reported_unverified(string status, string code, int exitCode)
    {
        // Accepted in Required mode (no card data), but nothing proves WorldFirst sent it.
        await WireMock.AddMappingAsync(Stubs.For("POST", Path, new JsonObject
        {
            ["status"] = 200,
            ["headers"] = new JsonObject { ["Content-Type"] = "application/json; charset=UTF-8" },
            ["body"] = new JsonObject { ["result"] = new JsonObject { ["resultStatus"] = status, ["resultCode"] = code, ["resultMessage"] = "m" } }.ToJsonString(),
        }));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(exitCode);

        var json = result.Json();
        Assert.False((bool?)json["signature_verified"]);
        Assert.Equal(status, (string?)json["result"]!["result_status"]);
        Assert.Equal(code, (string?)json["result"]!["result_code"]);
        Assert.Null(json["card_no"]);
        Assert.Contains("unsigned", result.Stderr);
        Assert.Contains("unverified", result.Stderr);
    }

    [Fact]
    public async Task A_signed_F_is_printed_as_verified()
    {
        await WireMock.AddMappingAsync(Signed(
            """{"result":{"resultStatus":"F","resultCode":"USER_NOT_EXIST","resultMessage":"customerId is not correct."}}""", _worldFirstKey));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(3);

        Assert.True((bool?)result.Json()["signature_verified"]);
        Assert.DoesNotContain("unverified", result.Stderr);
    }

    [Fact]
    public async Task The_generated_command_prints_an_F_answer_as_the_alias_does_in_its_own_names()
    {
        await WireMock.AddMappingAsync(Signed(
            """{"result":{"resultStatus":"F","resultCode":"USER_NOT_EXIST","resultMessage":"customerId is not correct."}}""", _worldFirstKey));

        var generated = (await Run(Env(), "call", "QueryCardSensitiveInfo", "--assetId", TestData.WorldFirstAssetId)).ShouldExit(3).Json();
        var alias = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(3).Json();

        Assert.Equal("USER_NOT_EXIST", (string?)generated["result"]!["resultCode"]);
        Assert.True((bool?)generated["signatureVerified"]);
        Assert.Equal(TestData.WorldFirstAssetId, (string?)alias["asset_id"]);
        Assert.Equal("USER_NOT_EXIST", (string?)alias["result"]!["result_code"]);
        Assert.Equal(2, (await WireMock.RequestsAsync("POST", Path)).Count);
    }

    [Fact]
    public async Task A_U_result_exits_5_with_the_retry_schedule()
    {
        await WireMock.AddMappingAsync(Signed(
            """{"result":{"resultStatus":"U","resultCode":"UNKNOWN_EXCEPTION","resultMessage":"API failed due to unknown reason."}}""", _worldFirstKey));

        var result = (await Run(Env(), "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(5);

        Assert.Contains("UNKNOWN_EXCEPTION", result.Stderr);
        Assert.Contains("--poll", result.Stderr);
    }

    [Fact]
    public async Task A_missing_key_file_exits_2_and_sends_nothing()
    {
        var environment = Env();
        environment["WORLDFIRST_PRIVATE_KEY_FILE"] = System.IO.Path.Combine(_keyDirectory, "absent.pem");

        var result = (await Run(environment, "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(2);

        Assert.Contains("WORLDFIRST_PRIVATE_KEY_FILE", result.Stderr);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task A_private_key_that_is_not_pkcs8_exits_2_without_echoing_it()
    {
        var environment = Env();
        var bogus = System.IO.Path.Combine(_keyDirectory, "bogus.pem");
        await File.WriteAllTextAsync(bogus, "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5\n-----END PRIVATE KEY-----\n", Ct);
        environment["WORLDFIRST_PRIVATE_KEY_FILE"] = bogus;

        var result = (await Run(environment, "worldfirst", "sensitive-info", TestData.WorldFirstAssetId)).ShouldExit(2);

        Assert.DoesNotContain("bm90LWEta2V5", result.All);
        Assert.Empty(await Journal());
    }

    private const string SuccessBody =
        """{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"},"assetId":"WF-ASSET-0001","accountId":"WF-ACCOUNT-0001","cvv":"456","cardNo":"5555444433331111","expiredMonth":"07","expiredYear":"29"}""";

    private Dictionary<string, string?> Env()
    {
        var privateKey = System.IO.Path.Combine(_keyDirectory, "merchant.pem");
        var publicKey = System.IO.Path.Combine(_keyDirectory, "worldfirst.pem");
        File.WriteAllText(privateKey, _merchantKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicKey, _worldFirstKey.ExportSubjectPublicKeyInfoPem());
        return new Dictionary<string, string?>
        {
            ["WORLDFIRST_BASE_URL"] = Server.BaseUri.ToString(),
            ["WORLDFIRST_CLIENT_ID"] = WorldFirstSdk.ClientId,
            ["WORLDFIRST_PRIVATE_KEY_FILE"] = privateKey,
            ["WORLDFIRST_PUBLIC_KEY_FILE"] = publicKey,
            ["WORLDFIRST_KEY_VERSION"] = WorldFirstSdk.KeyVersion.ToString(CultureInfo.InvariantCulture),
            ["KEYSECURE_MAX_RETRIES"] = MaxRetries.ToString(CultureInfo.InvariantCulture),
            ["KEYSECURE_RETRY_BASE_DELAY_MS"] = "0",
        };
    }

    /// <summary>A stub answering <paramref name="body"/> with a Response-Time and a Signature made with <paramref name="key"/>.</summary>
    private static JsonObject Signed(string body, RSA key)
    {
        var responseTime = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        return Stubs.For("POST", Path, new JsonObject
        {
            ["status"] = 200,
            ["headers"] = new JsonObject
            {
                ["Content-Type"] = "application/json; charset=UTF-8",
                ["Response-Time"] = responseTime,
                ["Signature"] = WorldFirstSignatures.SignatureHeader(key, WorldFirstSdk.KeyVersion, "POST", Path, WorldFirstSdk.ClientId, responseTime, body),
            },
            ["body"] = body,
        });
    }
}
