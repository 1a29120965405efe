using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.KeySecure;

[Collection(WireMockCollection.Name)]
public sealed class TokenContractTests(WireMockServer server) : KeySecureContractTest(server)
{
    [Fact, Trait(OperationTrait, "GetToken")]
    public async Task GetToken_sends_api_key_and_timestamp_only_and_returns_the_token()
    {
        var token = await KeySecure<ITokenClient>().GetTokenAsync(Ct);

        Assert.Equal(TestData.AccessToken, token.AccessToken);
        Assert.Equal(4102444800000L, token.ExpiredTime);
        var request = await KeySecureWire.SingleAsync(WireMock, "GetToken", "/merchant/token");
        KeySecureWire.AssertApiKeyOnly(request);
        Assert.Empty(request.BodyBytes);
    }
}
