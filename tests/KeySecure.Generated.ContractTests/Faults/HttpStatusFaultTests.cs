using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.Time.Testing;

namespace KeySecure.Generated.ContractTests.Faults;

/// <summary>HTTP-level failures: 429 with Retry-After, 503, an HTML 502 from a gateway, a 200 with truncated JSON.</summary>
[Collection(WireMockCollection.Name)]
public sealed class HttpStatusFaultTests(WireMockServer server) : FaultTest(server)
{
    private const string Html502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    private const string GatewayAnswer = "an answer from a gateway or proxy in front of the provider, not the provider's envelope";
    private const string CutBody = "the provider's answer cut off mid-body";

    private static JsonObject TooManyRequests() =>
        Stubs.Status(429, "{\"message\":\"rate limited\"}", headers: new JsonObject { ["Retry-After"] = "1" });

    [Fact]
    public async Task GetCardDetail_after_429_waits_Retry_After_and_succeeds()
    {
        const string scenario = "rate-limit";
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", CardDetailPath, TooManyRequests()).OffSpec(GatewayAnswer).InScenario(scenario, Stubs.ScenarioStarted, "open"));
        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", CardDetailPath, Documented("GetCardDetail"))
            .InScenario(scenario, "open"));

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var call = GetCardDetail(Sdk(time: time));

        // The retry waits on the SDK's clock: move it in small steps until the retry arrives. Every step counts, also
        // those taken before the SDK had read the 429, so the total is at least the wait the SDK chose.
        var waited = await AdvanceUntilAsync(time, async () => (await WireMock.RequestsAsync("GET", Stubs.KeySecurePrefix + CardDetailPath)).Count >= 2);
        var card = await call.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(TestData.CardNo, card.CardNo);
        Assert.True(waited >= TimeSpan.FromSeconds(1), $"Retry-After: 1 was not honoured: the retry came after {waited} on the SDK's clock.");
        Assert.Equal(2, await CountAsync("GET", CardDetailPath, 2));
    }

    /// <summary>
    /// Advances the fake clock by 50 ms at a time, letting the real world react between steps, until the condition
    /// holds; returns how far the clock moved. Bounded by 10 s of fake time and a 30 s real deadline.
    /// </summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider time, Func<Task<bool>> condition)
    {
        var step = TimeSpan.FromMilliseconds(50);
        var advanced = TimeSpan.Zero;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(advanced < TimeSpan.FromSeconds(10), "the condition did not hold after 10 s on the fake clock");
            await Task.Delay(20, deadline.Token);
            time.Advance(step);
            advanced += step;
        }
        return advanced;
    }

    [Fact]
    public async Task ApplyCard_on_429_fails_with_the_status_and_Retry_After_and_is_not_resent()
    {
        await OffSpecStub("POST", ApplyCardPath, TooManyRequests(), GatewayAnswer);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => ApplyCard(Sdk()));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.True(error.IsTransient);
        Assert.Equal(1, await CountAsync("POST", ApplyCardPath, 1));
    }

    [Fact]
    public async Task GetCardDetail_on_503_is_retried_then_fails_with_ProviderResponseException_503()
    {
        await OffSpecStub("GET", CardDetailPath, Stubs.Status(503, "Service Unavailable", "text/plain"), GatewayAnswer);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => GetCardDetail(Sdk()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(ReadAttempts, await CountAsync("GET", CardDetailPath, ReadAttempts));
    }

    [Fact]
    public async Task TransferFunds_on_503_fails_and_is_never_sent_twice()
    {
        await OffSpecStub("POST", TransferPath, Stubs.Status(503, "Service Unavailable", "text/plain"), GatewayAnswer);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => TransferFunds(Sdk()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("TransferFunds", error.OperationId);
        Assert.Equal(1, await CountAsync("POST", TransferPath, 1));
    }

    [Fact]
    public async Task GetCardDetail_on_an_html_502_fails_with_ProviderResponseException_carrying_an_excerpt()
    {
        await OffSpecStub("GET", CardDetailPath, Stubs.Status(502, Html502, "text/html"), GatewayAnswer);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => GetCardDetail(Sdk()));

        Assert.Equal(502, error.StatusCode);
        Assert.Contains("Bad Gateway", error.BodyExcerpt);
        Assert.Equal(ReadAttempts, await CountAsync("GET", CardDetailPath, ReadAttempts));
    }

    [Fact]
    public async Task ApplyCard_on_an_html_502_fails_and_is_never_sent_twice()
    {
        await OffSpecStub("POST", ApplyCardPath, Stubs.Status(502, Html502, "text/html"), GatewayAnswer);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => ApplyCard(Sdk()));

        Assert.Equal(502, error.StatusCode);
        Assert.Equal(1, await CountAsync("POST", ApplyCardPath, 1));
    }

    [Fact]
    public async Task GetCardDetail_on_a_200_with_truncated_json_fails_with_ProviderResponseException()
    {
        await OffSpecStub("GET", CardDetailPath, Stubs.Status(200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"card_no\":\"C17900"), CutBody);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => GetCardDetail(Sdk()));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("GetCardDetail", error.OperationId);
    }

    [Fact]
    public async Task ApplyCard_on_a_200_with_truncated_json_fails_and_is_never_sent_twice()
    {
        await OffSpecStub("POST", ApplyCardPath, Stubs.Status(200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"card_no\":"), CutBody);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => ApplyCard(Sdk()));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(1, await CountAsync("POST", ApplyCardPath, 1));
    }
}
