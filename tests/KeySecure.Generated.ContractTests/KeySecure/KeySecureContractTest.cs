using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;

namespace KeySecure.Generated.ContractTests.KeySecure;

/// <summary>
/// Base of the per-operation KeySecure contract tests: loads the documented responses (Mappings/keysecure) and checks
/// the request the SDK sent.
/// </summary>
public abstract class KeySecureContractTest(WireMockServer server) : WireMockTest(server)
{
    public const string OperationTrait = "Operation";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await WireMock.LoadMappingSetAsync(ExampleStubs.KeySecure);
    }

    /// <summary>The one request for the operation, with Api-Key, Timestamp and the Access-Token from one GetToken call.</summary>
    protected async Task<RecordedRequest> SentWithTokenAsync(string operationId, string path)
    {
        var request = await KeySecureWire.SingleAsync(WireMock, operationId, path);
        KeySecureWire.AssertTokenAuth(request);
        var tokenCalls = await WireMock.RequestsAsync("GET", Stubs.KeySecurePrefix + "/merchant/token");
        var tokenCall = Assert.Single(tokenCalls);
        KeySecureWire.AssertApiKeyOnly(tokenCall);
        Assert.True(tokenCall.LoggedAt <= request.LoggedAt, "GetToken must precede the call that uses the token.");
        return request;
    }
}
