using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

public class AuthAndClockTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated","card_type":"Virtual"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_call_carries_api_key_a_13_digit_timestamp_and_the_token()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope(Detail)), o => { o.Timezone = "UTC+0"; o.Language = "en_US"; });

        await harness.Cards.GetCardDetailAsync("C1", Ct);

        var token = harness.Provider.Requests.Single(r => r.Path.EndsWith("/merchant/token"));
        Assert.Equal("/open-api/v1/merchant/token", token.Path);
        Assert.Equal(KeySecureHarness.ApiKey, token.Header("Api-Key"));
        Assert.Null(token.Header("Access-Token"));
        var call = harness.Provider.Requests.Single(r => r.Path == "/open-api/v1/card/C1/detail");
        Assert.Equal(KeySecureHarness.ApiKey, call.Header("Api-Key"));
        Assert.Equal("tok-1", call.Header("Access-Token"));
        Assert.Equal(KeySecureHarness.Start.ToUnixTimeMilliseconds().ToString(), call.Header("Timestamp"));
        Assert.Equal(13, call.Header("Timestamp")!.Length);
        Assert.Equal("UTC+0", call.Header("Timezone"));
        Assert.Equal("en_US", call.Header("Language"));
    }

    [Fact]
    public async Task Simulations_carry_no_auth_headers_at_all()
    {
        using var harness = new KeySecureHarness((_, _) => Envelope("""{"consume_no":"X1"}"""));

        await harness.Get<ISimulationsClient>().SimulateAuthAsync(new SimulationRequest { CardNo = "C1", Amount = "10.00", Currency = "USD" }, Ct);

        var call = Assert.Single(harness.Provider.Requests);
        Assert.Equal("/open-api/v1/simulate/auth", call.Path);
        Assert.Null(call.Header("Api-Key"));
        Assert.Null(call.Header("Access-Token"));
        Assert.Null(call.Header("Timestamp"));
    }

    [Fact]
    public async Task A_client_clock_ahead_of_the_server_learns_the_offset_and_stamps_in_server_time()
    {
        // The server's clock is 90 s behind ours and it rejects future timestamps with 1005.
        var serverNow = () => KeySecureHarness.Start.AddSeconds(-90);
        HttpResponseMessage WithDate(HttpResponseMessage response)
        {
            response.Headers.Date = serverNow();
            return response;
        }
        using var harness = new KeySecureHarness((request, _) =>
        {
            var stamp = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(request.Header("Timestamp")!));
            if (stamp > serverNow() || stamp < serverNow().AddSeconds(-60)) return WithDate(Error(1005, "timestamp invalid"));
            return WithDate(request.Path.EndsWith("/merchant/token") ? Token("tok", serverNow().AddHours(24)) : Envelope(Detail));
        });

        var detail = await harness.Cards.GetCardDetailAsync("C1", Ct);
        Assert.Equal("C1", detail.CardNo);

        // The first Get Token was rejected, replayed once with the learned offset; later calls are right first time.
        var before = harness.Provider.Requests.Count;
        await harness.Cards.GetCardDetailAsync("C1", Ct);
        Assert.Equal(before + 1, harness.Provider.Requests.Count);
        var last = harness.Provider.Requests[^1];
        var lastStamp = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(last.Header("Timestamp")!));
        Assert.True(lastStamp <= serverNow(), "the timestamp must not be in the server's future");
    }

    [Fact]
    public async Task Code_1007_refreshes_the_token_and_replays_the_call_once()
    {
        var detailCalls = 0;
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((request, _) =>
            Interlocked.Increment(ref detailCalls) == 1 ? Error(1007, "Access-Token expired") : Envelope(Detail)));

        var detail = await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal("C1", detail.CardNo);
        Assert.Equal(2, harness.Provider.CountFor("/merchant/token"));
        var attempts = harness.Provider.Requests.Where(r => r.Path.EndsWith("/detail")).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.NotEqual(attempts[0].Header("Access-Token"), attempts[1].Header("Access-Token"));
    }

    [Fact]
    public async Task A_second_1007_is_not_replayed_again_but_thrown_typed()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Error(1007, "Access-Token expired")));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(1007, error.Code);
        Assert.Equal("GetCardDetail", error.OperationId);
        Assert.Equal("Access-Token invalid or expired", error.Meaning);
        Assert.Equal(2, harness.Provider.CountFor("/detail"));
    }

    // Get Token answers once the test opens the gate; every other request gets the card.
    private static Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> GatedToken(TaskCompletionSource gate) =>
        async (request, _, ct) =>
        {
            if (!request.Path.EndsWith("/merchant/token", StringComparison.Ordinal)) return Envelope(Detail);
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return Token("tok-shared", KeySecureHarness.Start.AddHours(24));
        };

    [Fact]
    public async Task A_hundred_concurrent_first_calls_cause_one_token_request()
    {
        var tokenGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var harness = new KeySecureHarness(GatedToken(tokenGate));
        var cards = harness.Cards;

        // Every call is in flight before the token answers: the refresh is pending for all of them.
        var calls = Enumerable.Range(0, 100).Select(_ => cards.GetCardDetailAsync("C1", Ct)).ToArray();
        tokenGate.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(1, harness.Provider.CountFor("/merchant/token"));
        Assert.All(harness.Provider.Requests.Where(r => r.Path.EndsWith("/detail")), r => Assert.Equal("tok-shared", r.Header("Access-Token")));
    }

    [Fact]
    public async Task As_many_first_calls_as_the_concurrency_limit_all_succeed_because_get_token_needs_no_permit()
    {
        var tokenGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var harness = new KeySecureHarness(GatedToken(tokenGate), o => o.Resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = 8);
        var cards = harness.Cards;

        // As many calls as permits are in flight while Get Token is pending: it must not need one of their permits.
        var calls = Enumerable.Range(0, 8).Select(_ => cards.GetCardDetailAsync("C1", Ct)).ToArray();
        tokenGate.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(1, harness.Provider.CountFor("/merchant/token"));
        Assert.Equal(8, harness.Provider.CountFor("/detail"));
    }

    [Fact]
    public async Task The_token_is_reused_until_shortly_before_it_expires()
    {
        using var harness = new KeySecureHarness((request, n) => request.Path.EndsWith("/merchant/token")
            ? Token("tok-" + n, harness_Start().AddHours(1))
            : Envelope(Detail));

        await harness.Cards.GetCardDetailAsync("C1", Ct);
        harness.Clock.Advance(TimeSpan.FromMinutes(50));
        await harness.Cards.GetCardDetailAsync("C1", Ct);
        Assert.Equal(1, harness.Provider.CountFor("/merchant/token"));

        harness.Clock.Advance(TimeSpan.FromMinutes(6)); // inside the 5-minute refresh margin
        await harness.Cards.GetCardDetailAsync("C1", Ct);
        Assert.Equal(2, harness.Provider.CountFor("/merchant/token"));

        static DateTimeOffset harness_Start() => KeySecureHarness.Start;
    }
}
