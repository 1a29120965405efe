using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.ContractTests.WorldFirst;

/// <summary>
/// WorldFirst queryCardSensitiveInfo against WireMock. The response signature depends on a key generated per test, so
/// the signed mapping is built from the static file's body and added to WireMock.Net in code.
/// </summary>
[Collection(WireMockCollection.Name)]
public sealed class QueryCardSensitiveInfoContractTests(WireMockServer server) : WireMockTest(server)
{
    private const string Path = "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo";
    private readonly WorldFirstSdk _sdk = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _sdk.Dispose();
    }

    [Fact, Trait("Operation", "QueryCardSensitiveInfo")]
    public async Task QueryCardSensitiveInfo_signs_the_request_and_verifies_the_signed_response()
    {
        await WireMock.AddMappingAsync(SignedMapping(_sdk.WorldFirstKey));

        var info = await Client().QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = TestData.WorldFirstAssetId }, Ct);

        AssertDocumentedCard(info);
        var request = Assert.Single(await WireMock.RequestsAsync("POST", Path));
        Assert.Equal(Path, request.Url);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("charset=utf-8", request.Header("Content-Type")!.Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase);
        WorldFirstSignatures.AssertRequestSigned(request, _sdk.MerchantKey, WorldFirstSdk.ClientId, WorldFirstSdk.KeyVersion);
        var body = request.BodyJson();
        Assert.Equal(TestData.WorldFirstAssetId, (string?)body["assetId"]); // camelCase, as the spec names it
        Assert.Equal(["assetId"], body.Select(p => p.Key));
        Assert.False(request.HasHeader("Access-Token")); // not authorised through OAuth
    }

    [Fact, Trait("Operation", "QueryCardSensitiveInfo")]
    public async Task QueryCardSensitiveInfo_with_verification_disabled_reads_the_static_mapping()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.WorldFirst, "QueryCardSensitiveInfo");

        var info = await Client(o => o.VerificationMode = WorldFirstVerificationMode.Disabled)
            .QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = TestData.WorldFirstAssetId }, Ct);

        AssertDocumentedCard(info);
        var request = Assert.Single(await WireMock.RequestsAsync("POST", Path));
        WorldFirstSignatures.AssertRequestSigned(request, _sdk.MerchantKey, WorldFirstSdk.ClientId, WorldFirstSdk.KeyVersion);
    }

    [Fact, Trait("Operation", "QueryCardSensitiveInfo")]
    public async Task QueryCardSensitiveInfo_sends_the_OAuth_access_token_as_Access_Token_outside_the_signed_text()
    {
        await WireMock.AddMappingAsync(SignedMapping(_sdk.WorldFirstKey));

        await Client(o => o.AccessToken = "oauth-contract-token")
            .QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = TestData.WorldFirstAssetId }, Ct);

        var request = Assert.Single(await WireMock.RequestsAsync("POST", Path));
        Assert.Equal("oauth-contract-token", request.Header("Access-Token"));
        WorldFirstSignatures.AssertRequestSigned(request, _sdk.MerchantKey, WorldFirstSdk.ClientId, WorldFirstSdk.KeyVersion);
    }

    [Fact]
    public async Task QueryCardSensitiveInfo_rejects_a_response_signed_with_another_key()
    {
        using var impostor = System.Security.Cryptography.RSA.Create(2048);
        await WireMock.AddMappingAsync(SignedMapping(impostor));

        var error = await Assert.ThrowsAsync<WorldFirstSignatureException>(() =>
            Client().QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = TestData.WorldFirstAssetId }, Ct));

        Assert.Equal(WorldFirstSignaturePart.Mismatch, error.Part);
        Assert.DoesNotContain("5555444433331111", error.ToString());
    }

    [Fact]
    public async Task QueryCardSensitiveInfo_rejects_an_unsigned_response_with_card_data()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.WorldFirst, "QueryCardSensitiveInfo");

        var error = await Assert.ThrowsAsync<WorldFirstSignatureException>(() =>
            Client().QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = TestData.WorldFirstAssetId }, Ct));

        Assert.Equal(WorldFirstSignaturePart.MissingSignature, error.Part);
    }

    private IWorldCardClient Client(Action<WorldFirstOptions>? configure = null) =>
        Track(_sdk.Build(Server.BaseUri, configure)).GetRequiredService<IWorldCardClient>();

    /// <summary>The static mapping with a Response-Time and a Signature over its exact body.</summary>
    private static JsonObject SignedMapping(System.Security.Cryptography.RSA key)
    {
        var mapping = ExampleStubs.Load(ExampleStubs.WorldFirst, "QueryCardSensitiveInfo");
        var response = mapping["response"]!.AsObject();
        var body = (string)response["body"]!;
        var responseTime = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var headers = response["headers"]!.AsObject();
        headers["Response-Time"] = responseTime;
        headers["Signature"] = WorldFirstSignatures.SignatureHeader(key, WorldFirstSdk.KeyVersion, "POST", Path, WorldFirstSdk.ClientId, responseTime, body);
        return mapping;
    }

    private static void AssertDocumentedCard(CardSensitiveInfo info)
    {
        Assert.Equal(ResultStatus.S, info.Result.ResultStatus);
        Assert.Equal("SUCCESS", info.Result.ResultCode);
        Assert.Equal(TestData.WorldFirstAssetId, info.AssetId);
        Assert.Equal("WF-ACCOUNT-0001", info.AccountId);
        Assert.Equal("5555444433331111", info.CardNo);
        Assert.Equal("456", info.Cvv);
        Assert.Equal("07", info.ExpiredMonth);
        Assert.Equal("29", info.ExpiredYear);
    }
}
