using System.Net;
using System.Net.Http.Headers;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// The resilience pipeline on a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>: timeouts, backoff,
/// Retry-After and the circuit breaker run on the fake clock, so nothing here sleeps for real.
/// </summary>
public class ResilienceTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated","card_type":"Virtual"}""";
    private const string DetailPath = "/detail";
    private const string ApplyPath = "/card/apply";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ApplyCardRequest Apply() => new() { CardholderNo = "U1", CardUniqueNo = "u-1", CardBinNo = "B1", CardType = CardType.Virtual };

    private static HttpResponseMessage Status(HttpStatusCode status, string body = "") => new(status) { Content = new StringContent(body) };

    /// <summary>A responder that serves a token and then whatever <paramref name="then"/> answers, asynchronously.</summary>
    private static Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> WithToken(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> then) =>
        (request, n, ct) => request.Path.EndsWith("/merchant/token", StringComparison.Ordinal)
            ? Task.FromResult(Token("tok-" + n, KeySecureHarness.Start.AddHours(24)))
            : then(request, n, ct);

    private static Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> Answer(Func<int, HttpResponseMessage> respond)
    {
        var calls = 0;
        return WithToken((_, _, _) => Task.FromResult(respond(Interlocked.Increment(ref calls))));
    }

    private static Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> Hang(KeySecureHarness[] owner) =>
        WithToken(async (_, _, ct) =>
        {
            await Task.Delay(TimeSpan.FromHours(1), owner[0].Clock, ct);
            return Envelope(Detail);
        });

    /// <summary>Waits (for the pipeline's own async steps, never for a timing) until <paramref name="path"/> was requested <paramref name="count"/> times.</summary>
    private static Task Requested(KeySecureHarness harness, string path, int count) =>
        Eventually.HoldsAsync(() => harness.Provider.CountFor(path) >= count, $"{count} request(s) to {path}, saw {harness.Provider.CountFor(path)}");

    private static KeySecureHarness Harness(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond, Action<KeySecureOptions>? configure = null) =>
        new(respond, configure, services => services.AddFakeLogging());

    private static KeySecureHarness HangingHarness(Action<KeySecureOptions>? configure = null)
    {
        var holder = new KeySecureHarness[1];
        holder[0] = Harness(Hang(holder), configure);
        return holder[0];
    }

    // ---- Circuit breaker -------------------------------------------------------------------------------------------

    private static void SmallBreaker(KeySecureOptions o)
    {
        o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        o.Resilience.CircuitBreaker.MinimumThroughput = 2;
        o.Resilience.CircuitBreaker.FailureRatio = 0.5;
        o.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
    }

    [Fact]
    public async Task The_circuit_opens_after_transient_failures_and_refuses_without_sending()
    {
        using var harness = Harness(Answer(_ => Status(HttpStatusCode.ServiceUnavailable)), SmallBreaker);

        await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        var refused = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(RequestNotSentReason.CircuitOpen, refused.Reason);
        Assert.True(refused.IsTransient);
        Assert.False(refused.OutcomeUnknown);
        Assert.Equal(2, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task A_refusal_by_the_open_circuit_says_how_long_the_break_still_lasts()
    {
        using var harness = Harness(Answer(_ => Status(HttpStatusCode.ServiceUnavailable)), SmallBreaker);
        for (var i = 0; i < 2; i++) await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        var atOnce = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var later = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(TimeSpan.FromSeconds(5), atOnce.RetryAfter);
        Assert.Contains("Try again after 5 s.", atOnce.Message);
        Assert.Equal(TimeSpan.FromSeconds(3), later.RetryAfter);
        Assert.Equal(2, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task Business_codes_do_not_open_the_circuit()
    {
        using var harness = Harness(Answer(_ => Error(2002, "cardholder_no does not exist")), SmallBreaker);

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        }

        Assert.Equal(5, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task After_the_break_one_probe_is_let_through_and_its_success_closes_the_circuit()
    {
        using var harness = Harness(Answer(n => n <= 2 ? Status(HttpStatusCode.BadGateway) : Envelope(Detail)), SmallBreaker);
        await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var probe = await harness.Cards.GetCardDetailAsync("C1", Ct);
        var after = await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal("C1", probe.CardNo);
        Assert.Equal("C1", after.CardNo);
        Assert.Equal(4, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task A_probe_that_fails_reopens_the_circuit_for_a_full_break()
    {
        using var harness = Harness(Answer(n => n <= 3 ? Status(HttpStatusCode.ServiceUnavailable) : Envelope(Detail)), SmallBreaker);
        for (var i = 0; i < 2; i++) await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var probe = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        var reopened = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        harness.Clock.Advance(TimeSpan.FromSeconds(4));
        var stillOpen = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var card = await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal(503, probe.StatusCode);
        Assert.Equal(RequestNotSentReason.CircuitOpen, reopened.Reason);
        Assert.Equal(TimeSpan.FromSeconds(5), reopened.RetryAfter); // the whole break again, not what was left of the first
        Assert.Equal(RequestNotSentReason.CircuitOpen, stillOpen.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), stillOpen.RetryAfter);
        Assert.Equal("C1", card.CardNo);
        Assert.Equal(4, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task Each_merchant_has_its_own_circuit()
    {
        var services = new ServiceCollection();
        var failing = new FakeProvider(KeySecureHarness.WithToken((_, _) => Status(HttpStatusCode.ServiceUnavailable)));
        var healthy = new FakeProvider(KeySecureHarness.WithToken((_, _) => Envelope(Detail)));
        void Merchant(KeySecureOptions o)
        {
            o.ApiKey = KeySecureHarness.ApiKey;
            o.ApiSecret = KeySecureHarness.ApiSecret;
            SmallBreaker(o);
        }
        services.AddKeySecure("a", Merchant).ConfigurePrimaryHttpMessageHandler(() => failing);
        services.AddKeySecure("b", Merchant).ConfigurePrimaryHttpMessageHandler(() => healthy);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IKeySecureClientFactory>();

        for (var i = 0; i < 2; i++) await Assert.ThrowsAsync<ProviderResponseException>(() => factory.Create("a").Cards.GetCardDetailAsync("C1", Ct));
        await Assert.ThrowsAsync<RequestNotSentException>(() => factory.Create("a").Cards.GetCardDetailAsync("C1", Ct));

        var card = await factory.Create("b").Cards.GetCardDetailAsync("C1", Ct);
        Assert.Equal("C1", card.CardNo);
    }

    // ---- Timeouts --------------------------------------------------------------------------------------------------

    private static void ShortAttempts(KeySecureOptions o)
    {
        o.Resilience.Retry.MaxRetryAttempts = 1;
        o.Resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
        o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
    }

    [Fact]
    public async Task A_read_whose_attempts_time_out_is_retried_then_fails_as_a_transient_timeout()
    {
        using var harness = HangingHarness(ShortAttempts);

        var call = harness.Cards.GetCardDetailAsync("C1", Ct);
        await Requested(harness, DetailPath, 1);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await Requested(harness, DetailPath, 2);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => call);

        Assert.Equal(0, error.StatusCode);
        Assert.Contains("Timed out after 2 attempt(s)", error.Message);
        Assert.True(error.IsTransient);
        Assert.False(error.OutcomeUnknown);
    }

    [Fact]
    public async Task A_write_whose_attempt_times_out_is_sent_once_and_its_outcome_is_unknown()
    {
        using var harness = HangingHarness(ShortAttempts);

        var call = harness.Cards.ApplyCardAsync(Apply(), Ct);
        await Requested(harness, ApplyPath, 1);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => call);

        Assert.True(error.OutcomeUnknown);
        Assert.False(error.IsTransient);
        Assert.Contains("ListCards", error.Message);
        Assert.Contains("card_unique_no", error.Message);
        Assert.Equal(1, harness.Provider.CountFor(ApplyPath));
    }

    [Fact]
    public async Task The_total_timeout_ends_a_call_while_it_is_in_flight()
    {
        using var harness = HangingHarness(o =>
        {
            o.Resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
        });

        var call = harness.Cards.GetCardDetailAsync("C1", Ct);
        await Requested(harness, DetailPath, 1);
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => call);

        Assert.Contains("Timed out", error.Message);
        Assert.Equal(1, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task A_write_that_never_reached_the_provider_is_not_unknown_even_when_the_total_timeout_ends_its_backoff()
    {
        using var harness = Harness(Answer(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")), o =>
        {
            o.Resilience.Retry.Delay = TimeSpan.FromSeconds(20);
            o.Resilience.Retry.UseJitter = false;
            o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
        });

        var call = harness.Cards.ApplyCardAsync(Apply(), Ct);
        await Requested(harness, ApplyPath, 1);
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => call);

        Assert.False(error.OutcomeUnknown);
        Assert.True(error.IsTransient);
        Assert.Equal(1, harness.Provider.CountFor(ApplyPath));
    }

    // ---- Limiter ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_full_limiter_refuses_the_next_call_without_sending_it()
    {
        using var harness = HangingHarness(o => o.Resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = harness.Cards.GetCardDetailAsync("C1", stop.Token);
        await Requested(harness, DetailPath, 1);
        var refused = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.ApplyCardAsync(Apply(), Ct));

        Assert.Equal(RequestNotSentReason.ConcurrencyLimit, refused.Reason);
        Assert.False(refused.OutcomeUnknown);
        Assert.Equal("ApplyCard", refused.OperationId);
        Assert.Equal(0, harness.Provider.CountFor(ApplyPath));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }

    [Fact]
    public async Task Without_a_configured_limiter_calls_beyond_the_librarys_default_limit_are_all_sent()
    {
        // The library's default limiter (1,000 concurrent requests, no queue) would refuse the last of these.
        const int calls = 1_001;
        using var harness = HangingHarness();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var pending = Enumerable.Range(0, calls).Select(_ => harness.Cards.GetCardDetailAsync("C1", stop.Token)).ToArray();
        try
        {
            await Eventually.HoldsAsync(() => harness.Provider.CountFor(DetailPath) >= calls || pending.Any(call => call.IsFaulted),
                $"{calls} requests to {DetailPath} or a refused call, saw {harness.Provider.CountFor(DetailPath)}");

            var refused = pending.FirstOrDefault(call => call.IsFaulted)?.Exception?.InnerException;
            Assert.True(refused is null, $"a call was refused: {refused?.Message}");
        }
        finally
        {
            // Every call ends before the harness is disposed: the pipeline's disposal waits for its executions on the test clock.
            await stop.CancelAsync();
            await Task.WhenAll(pending).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
        Assert.All(pending, call => Assert.True(call.IsCanceled || call.Exception?.InnerException is OperationCanceledException, $"{call.Status}: {call.Exception?.InnerException?.Message}"));
    }

    // ---- Backoff and Retry-After -----------------------------------------------------------------------------------

    private static IReadOnlyList<double> RetryDelaysMs(KeySecureHarness harness) =>
        harness.Services.GetFakeLogCollector().GetSnapshot()
            .Where(record => record.Id.Id == 3 && record.Category == "KeySecure.Generated.Resilience")
            .Select(record => double.Parse(record.StructuredState!.Single(pair => pair.Key == "DelayMs").Value!, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>
    /// Waits until the <paramref name="retry"/>th retry was logged and its backoff is on the clock. The log comes first,
    /// the delay is scheduled after it: a test that moved the clock in between would leave the delay due too late.
    /// </summary>
    private static async Task RetryScheduled(KeySecureHarness harness, int retry)
    {
        await RetryLogged(harness, retry);
        await harness.Clock.WaitForDelayAsync(TimeSpan.FromMilliseconds(RetryDelaysMs(harness)[retry - 1]));
    }

    private static Task RetryLogged(KeySecureHarness harness, int retry) =>
        Eventually.HoldsAsync(() => RetryDelaysMs(harness).Count >= retry, $"retry {retry} to be logged");

    private static async Task<IReadOnlyList<double>> ThreeBackoffs(bool jitter)
    {
        using var harness = Harness(Answer(_ => Status(HttpStatusCode.ServiceUnavailable)), o =>
        {
            o.Resilience.Retry.MaxRetryAttempts = 3;
            o.Resilience.Retry.Delay = TimeSpan.FromSeconds(2);
            o.Resilience.Retry.UseJitter = jitter;
            o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(5);
        });
        var call = harness.Cards.GetCardDetailAsync("C1", Ct);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await Requested(harness, DetailPath, attempt);
            await RetryScheduled(harness, attempt);
            harness.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        await Assert.ThrowsAsync<ProviderResponseException>(() => call);
        Assert.Equal(4, harness.Provider.CountFor(DetailPath));
        return RetryDelaysMs(harness);
    }

    [Fact]
    public async Task Backoff_doubles_per_retry()
    {
        var delays = await ThreeBackoffs(jitter: false);

        Assert.Equal([2000d, 4000d, 8000d], delays);
    }

    [Fact]
    public async Task Backoff_with_jitter_is_randomised_around_the_exponential_schedule()
    {
        var delays = await ThreeBackoffs(jitter: true);

        Assert.Equal(3, delays.Count);
        Assert.NotEqual([2000d, 4000d, 8000d], delays);
        Assert.All(delays, delay => Assert.InRange(delay, 0, 60_000));
    }

    [Theory]
    [InlineData(false)] // Retry-After: 3
    [InlineData(true)]  // Retry-After: <the server's now + 3 s, as an HTTP date>
    public async Task A_read_answered_429_waits_the_servers_Retry_After_on_the_clock(bool asHttpDate)
    {
        using var harness = Harness(Answer(n =>
        {
            if (n > 1) return Envelope(Detail);
            var limited = Status(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = asHttpDate
                ? new RetryConditionHeaderValue(KeySecureHarness.Start.AddSeconds(3))
                : new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            return limited;
        }), o => o.Resilience.Retry.Delay = TimeSpan.FromSeconds(2));

        var call = harness.Cards.GetCardDetailAsync("C1", Ct);
        await Requested(harness, DetailPath, 1);
        await RetryScheduled(harness, 1);
        harness.Clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, harness.Provider.CountFor(DetailPath));
        harness.Clock.Advance(TimeSpan.FromSeconds(0.5));
        var card = await call;

        Assert.Equal("C1", card.CardNo);
        Assert.Equal([3000d], RetryDelaysMs(harness));
        Assert.Equal(2, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task A_429_whose_HTTP_date_is_beyond_the_cap_fails_at_once_saying_how_long_until_then()
    {
        using var harness = Harness(Answer(_ =>
        {
            var limited = Status(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(KeySecureHarness.Start.AddMinutes(10));
            return limited;
        }));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(10), error.RetryAfter);
        Assert.Equal(1, harness.Provider.CountFor(DetailPath));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_read_answered_408_or_429_is_retried(HttpStatusCode status)
    {
        using var harness = Harness(Answer(n => n == 1 ? Status(status) : Envelope(Detail)));

        var card = await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal("C1", card.CardNo);
        Assert.Equal(2, harness.Provider.CountFor(DetailPath));
    }

    [Fact]
    public async Task A_cancellation_during_a_backoff_is_not_retried_and_surfaces_as_cancellation()
    {
        using var harness = Harness(Answer(_ => Status(HttpStatusCode.ServiceUnavailable)), o =>
        {
            o.Resilience.Retry.Delay = TimeSpan.FromSeconds(10);
            o.Resilience.Retry.UseJitter = false;
        });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = harness.Cards.GetCardDetailAsync("C1", cancel.Token);
        await Requested(harness, DetailPath, 1);
        await RetryLogged(harness, 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, harness.Provider.CountFor(DetailPath));
    }

    // ---- Outcome of writes -----------------------------------------------------------------------------------------

    public static TheoryData<string> MayHaveBeenApplied =>
    [
        "connection reset", "response ended", "body cut mid-read", "500", "502 html", "503", "408", "200 truncated json",
        "200 html", "code 0 with unparseable data", "1001",
    ];

    private static HttpResponseMessage Fail(string kind) => kind switch
    {
        "connection reset" => throw new HttpRequestException(HttpRequestError.Unknown, "Connection reset by peer", new IOException("reset")),
        "response ended" => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely"),
        "body cut mid-read" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream()) },
        "500" => Status(HttpStatusCode.InternalServerError),
        "502 html" => Status(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>"),
        "503" => Status(HttpStatusCode.ServiceUnavailable),
        "408" => Status(HttpStatusCode.RequestTimeout),
        "200 truncated json" => Json("""{"code":0,"msg":"Success","data":{"card_no":"""),
        "200 html" => Json("<html>maintenance</html>"),
        "code 0 with unparseable data" => Envelope("\"not an object\""),
        "1001" => Error(1001, "system error"),
        "connection refused" => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"),
        "name not resolved" => throw new HttpRequestException(HttpRequestError.NameResolutionError, "No such host"),
        "429" => Status(HttpStatusCode.TooManyRequests),
        "400" => Status(HttpStatusCode.BadRequest),
        "307" => new HttpResponseMessage(HttpStatusCode.TemporaryRedirect) { Headers = { Location = new Uri("https://elsewhere.example/") } },
        "1009" => Error(1009, "too frequent"),
        "4005" => Error(4005, "card status"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory, MemberData(nameof(MayHaveBeenApplied))]
    public async Task A_write_that_may_have_reached_the_provider_is_sent_once_and_reports_an_unknown_outcome(string kind)
    {
        using var harness = Harness(Answer(_ => Fail(kind)));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => harness.Cards.ApplyCardAsync(Apply(), Ct));

        Assert.True(error.OutcomeUnknown, error.ToString());
        Assert.False(error.IsTransient);
        Assert.Equal("ApplyCard", error.OperationId);
        Assert.Contains("outcome is unknown", error.Message);
        Assert.Equal(1, harness.Provider.CountFor(ApplyPath));
    }

    [Theory, MemberData(nameof(MayHaveBeenApplied))]
    public async Task A_read_never_reports_an_unknown_outcome(string kind)
    {
        using var harness = Harness(Answer(_ => Fail(kind)), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.False(error.OutcomeUnknown, error.ToString());
    }

    [Theory]
    [InlineData("connection refused")]
    [InlineData("name not resolved")]
    [InlineData("429")]
    [InlineData("400")]
    [InlineData("307")]
    [InlineData("1009")]
    [InlineData("4005")]
    public async Task A_write_refused_or_never_sent_does_not_report_an_unknown_outcome(string kind)
    {
        using var harness = Harness(Answer(_ => Fail(kind)), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => harness.Cards.ApplyCardAsync(Apply(), Ct));

        Assert.False(error.OutcomeUnknown, error.ToString());
        Assert.DoesNotContain("outcome is unknown", error.Message);
    }

    [Fact]
    public async Task TransferFunds_with_an_unknown_outcome_says_to_read_it_back_by_transfer_unique_no()
    {
        using var harness = Harness(Answer(_ => Status(HttpStatusCode.GatewayTimeout)));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Get<IAccountsClient>().TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" }, Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Contains("ListTransfers", error.Message);
        Assert.Contains("transfer_unique_no", error.Message);
        Assert.Contains("not known to be safe", error.Message);
        Assert.Equal(1, harness.Provider.CountFor("/account/transfer"));
    }

    /// <summary>A response body that fails after its first bytes, like a connection closed mid-response.</summary>
    private sealed class BreakingStream : ReadOnlyTestStream
    {
        private bool _served;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_served) throw new IOException("The connection was closed mid-response.");
            _served = true;
            var start = "{\"code\":0,"u8;
            start.CopyTo(buffer.AsSpan(offset));
            return start.Length;
        }
    }
}
