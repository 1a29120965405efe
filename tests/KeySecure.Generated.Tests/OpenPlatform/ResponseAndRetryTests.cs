using System.Net;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

public class ResponseAndRetryTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated","card_type":"Virtual"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ApplyCardRequest Apply() => new() { CardholderNo = "U1", CardUniqueNo = "u-1", CardBinNo = "B1", CardType = CardType.Virtual };

    private static HttpResponseMessage Status(HttpStatusCode status, string body = "") => new(status) { Content = new StringContent(body) };

    [Fact]
    public async Task GetCardDetail_is_retried_after_a_503()
    {
        var calls = 0;
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Interlocked.Increment(ref calls) == 1 ? Status(HttpStatusCode.ServiceUnavailable) : Envelope(Detail)));

        var detail = await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal("C1", detail.CardNo);
        Assert.Equal(2, harness.Provider.CountFor("/detail"));
    }

    [Fact]
    public async Task ApplyCard_is_not_retried_after_a_503()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Status(HttpStatusCode.ServiceUnavailable, "upstream down")));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.ApplyCardAsync(Apply(), Ct));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("ApplyCard", error.OperationId);
        Assert.Equal(1, harness.Provider.CountFor("/card/apply"));
    }

    [Fact]
    public async Task TransferFunds_is_not_retried_after_1009_but_reads_are()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Error(1009, "too frequent")));

        var transfer = await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Get<IAccountsClient>().TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" }, Ct));
        Assert.Equal(1009, transfer.Code);
        Assert.Equal(1, harness.Provider.CountFor("/account/transfer"));

        await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        Assert.Equal(4, harness.Provider.CountFor("/detail")); // 1 + MaxRetryAttempts (3)
    }

    [Fact]
    public async Task A_business_error_is_not_retried_even_for_reads()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Error(2002, "cardholder_no does not exist")));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Get<ICardholdersClient>().GetCardholderAsync("U404", Ct));

        Assert.Equal(2002, error.Code);
        Assert.Equal("Cardholder does not exist", error.Meaning);
        Assert.Contains("cardholder_no does not exist", error.Message);
        Assert.Equal(1, harness.Provider.CountFor("/info"));
    }

    [Fact]
    public async Task An_undocumented_code_still_arrives_typed()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Error(9999, "new thing")));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(9999, error.Code);
        Assert.False(error.IsDocumented);
        Assert.Equal("undocumented error code", error.Meaning);
    }

    [Fact]
    public async Task An_html_502_from_a_gateway_is_a_clear_sdk_error_after_retries()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html><body><h1>502 Bad Gateway</h1></body></html>") }));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(502, error.StatusCode);
        Assert.Contains("502 Bad Gateway", error.BodyExcerpt);
        Assert.Equal(4, harness.Provider.CountFor("/detail"));
    }

    [Theory]
    [InlineData("{\"code\":0,\"msg\":\"Success\",\"data\":{\"card_no\":\"C1\",\"sta", "truncated or malformed")]
    [InlineData("<html>oops</html>", "not JSON")]
    [InlineData("", "empty")]
    [InlineData("{\"status\":\"ok\"}", "not the provider's {code,msg,data} envelope")]
    public async Task A_200_with_a_broken_body_is_a_clear_sdk_error_never_a_bare_JsonException(string body, string expected)
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Json(body)), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_reported_as_truncated()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
        {
            var partial = new StreamContent(new MemoryStream("{\"code\":0,\"data\":{\"card_no\":"u8.ToArray()));
            partial.Headers.ContentLength = 200; // the server announced more than it sent
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = partial };
        }), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Contains("truncated or malformed", error.Message);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_for_reads()
    {
        var calls = 0;
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
        {
            if (Interlocked.Increment(ref calls) > 1) return Envelope(Detail);
            var limited = Status(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return limited;
        }));

        await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal(2, harness.Provider.CountFor("/detail"));
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_fails_instead_of_waiting()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
        {
            var limited = Status(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(1));
            return limited;
        }));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Equal(1, harness.Provider.CountFor("/detail"));
    }

    [Fact]
    public async Task A_callers_cancellation_is_not_retried()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
        {
            cancel.Cancel();
            return Status(HttpStatusCode.ServiceUnavailable);
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Cards.GetCardDetailAsync("C1", cancel.Token));

        Assert.True(harness.Provider.CountFor("/detail") <= 1);
    }

    [Fact]
    public async Task A_connection_that_could_not_be_opened_is_retried_even_for_ApplyCard()
    {
        var calls = 0;
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
                : Envelope("""{"card_no":"C9","card_unique_no":"u-1"}""")));

        var result = await harness.Cards.ApplyCardAsync(Apply(), Ct);

        Assert.Equal("C9", result.CardNo);
    }

    [Fact]
    public async Task A_connection_dropped_mid_response_is_not_retried_for_ApplyCard()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely")));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.ApplyCardAsync(Apply(), Ct));

        Assert.Equal(0, error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(1, harness.Provider.CountFor("/card/apply"));
    }
}
