using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.ContractTests.Faults;

/// <summary>Envelope error codes: 1007 (token expired: refresh once and replay once) and 1009 (too frequent).</summary>
[Collection(WireMockCollection.Name)]
public sealed class ProviderCodeFaultTests(WireMockServer server) : FaultTest(server)
{
    private const string TokenPath = "/merchant/token";
    private const string RefreshedToken = "tok-contract-2";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // GetToken hands out tok-contract-1, then tok-contract-2 (higher priority than the static mapping).
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", TokenPath, Token(TestData.AccessToken), priority: 1).InScenario("tokens", Stubs.ScenarioStarted, "second"));
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", TokenPath, Token(RefreshedToken), priority: 1).InScenario("tokens", "second"));
    }

    [Fact]
    public async Task GetCardDetail_on_1007_refreshes_the_token_once_and_replays_once()
    {
        await ExpireOnceThenSucceed("GET", CardDetailPath, "GetCardDetail");

        var card = await GetCardDetail(Sdk());

        Assert.Equal(TestData.CardNo, card.CardNo);
        await AssertRefreshedAndReplayed("GET", CardDetailPath);
    }

    [Fact]
    public async Task ApplyCard_on_1007_refreshes_the_token_once_and_replays_once()
    {
        await ExpireOnceThenSucceed("POST", ApplyCardPath, "ApplyCard");

        var result = await ApplyCard(Sdk());

        Assert.Equal(TestData.CardNo, result.CardNo);
        await AssertRefreshedAndReplayed("POST", ApplyCardPath);
    }

    [Fact]
    public async Task GetCardDetail_on_repeated_1007_replays_only_once_then_fails_with_KeySecureApiException()
    {
        await Stub("GET", CardDetailPath, Stubs.Envelope(1007, "Access-Token invalid or expired"));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => GetCardDetail(Sdk()));

        Assert.Equal(1007, error.Code);
        Assert.Equal(2, await CountAsync("GET", CardDetailPath, 2));
        Assert.Equal(2, await TokenCallsAsync());
    }

    [Fact]
    public async Task GetCardDetail_on_1009_fails_with_a_transient_KeySecureApiException()
    {
        await Stub("GET", CardDetailPath, Stubs.Envelope(1009, "too frequent"));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => GetCardDetail(Sdk()));

        Assert.Equal(1009, error.Code);
        Assert.Equal("too frequent", error.ProviderMessage);
        Assert.True(error.IsTransient);
        Assert.Equal("GetCardDetail", error.OperationId);
    }

    [Fact]
    public async Task ApplyCard_on_1009_fails_with_KeySecureApiException_and_is_never_sent_twice()
    {
        await Stub("POST", ApplyCardPath, Stubs.Envelope(1009, "too frequent"));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => ApplyCard(Sdk()));

        Assert.Equal(1009, error.Code);
        Assert.Equal(1, await CountAsync("POST", ApplyCardPath, 1));
        Assert.Equal(1, await TokenCallsAsync());
    }

    private static JsonObject Token(string token) =>
        Stubs.Envelope(0, "success", new JsonObject { ["access_token"] = token, ["expired_time"] = 4102444800000L });

    private async Task ExpireOnceThenSucceed(string method, string path, string operationId)
    {
        await WireMock.AddMappingAsync(Stubs.KeySecure(method, path, Stubs.Envelope(1007, "Access-Token invalid or expired"))
            .InScenario("expiry", Stubs.ScenarioStarted, "refreshed"));
        await WireMock.AddMappingAsync(Stubs.KeySecure(method, path, Documented(operationId))
            .InScenario("expiry", "refreshed"));
    }

    private async Task AssertRefreshedAndReplayed(string method, string path)
    {
        Assert.Equal(2, await TokenCallsAsync());
        var calls = await WireMock.RequestsEventuallyAsync(method, Stubs.KeySecurePrefix + path, 2, TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, calls.Count);
        KeySecureWire.AssertTokenAuth(calls[0], TestData.AccessToken);
        KeySecureWire.AssertTokenAuth(calls[1], RefreshedToken);
        Assert.Equal(calls[0].Body, calls[1].Body); // the replay is the same request
    }
}
