using System.Net;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.Tests.Support;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// Get Token as the calls waiting for it see it: one fetch shared by every waiter, its failure handed to each of them
/// typed and never cached, a waiter's cancellation its own, and the answer's <c>access_token</c> and
/// <c>expired_time</c> read as configured.
/// </summary>
/// <remarks>
/// The waiters are attached through the merchant's token provider itself: its synchronous part publishes the shared
/// fetch before the first await, so every waiter is known to share the one fetch before the test lets it finish.
/// </remarks>
public sealed class TokenFetchTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated","card_type":"Virtual"}""";
    private const string TokenPath = "/merchant/token";

    /// <summary>How long a test waits for something already under way (a deadline, not a measurement).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly DateTimeOffset Start = KeySecureHarness.Start;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsGetToken(RecordedRequest request) => request.Path.EndsWith(TokenPath, StringComparison.Ordinal);

    private static AccessTokenProvider TokensOf(KeySecureHarness harness) => harness.Get<MerchantContextRegistry>().Get(string.Empty).Tokens;

    /// <summary>Get Token waits for <paramref name="gate"/>, then answers what <paramref name="token"/> gives; every other request gets a card.</summary>
    private static KeySecureHarness GatedHarness(TaskCompletionSource gate, Func<int, HttpResponseMessage> token) =>
        new(async (request, n, ct) =>
        {
            if (!IsGetToken(request)) return Envelope(Detail);
            await gate.Task.WaitAsync(ct);
            return token(n);
        }, o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

    [Fact]
    public async Task A_failed_shared_fetch_fails_every_waiter_with_its_one_typed_error_and_the_next_call_fetches_again()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenAnswers = 0; // how many Get Token answers were failures so far; the third one succeeds
        using var harness = GatedHarness(gate, n => Interlocked.Increment(ref tokenAnswers) < 3
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("down") }
            : Token("tok-" + n, Start.AddHours(24)));
        var tokens = TokensOf(harness);

        var waiters = Enumerable.Range(0, 5).Select(_ => tokens.GetTokenAsync(Ct).AsTask()).ToArray();
        gate.SetResult();
        var errors = new List<ProviderResponseException>();
        foreach (var waiter in waiters)
        {
            errors.Add(await Assert.ThrowsAsync<ProviderResponseException>(() => waiter.WaitAsync(Deadline, Ct)));
        }

        Assert.Equal(1, harness.Provider.CountFor(TokenPath));
        Assert.All(errors, error => Assert.Same(errors[0], error));
        Assert.Equal(503, errors[0].StatusCode);
        Assert.Equal("GetToken", errors[0].OperationId);

        // The failure is not cached: the next call fetches again, and fails typed while Get Token still fails.
        var notSent = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        Assert.Equal(RequestNotSentReason.TokenUnavailable, notSent.Reason);
        Assert.Equal(503, Assert.IsType<ProviderResponseException>(notSent.InnerException).StatusCode);
        Assert.Equal(2, harness.Provider.CountFor(TokenPath));

        var card = await harness.Cards.GetCardDetailAsync("C1", Ct);
        Assert.Equal("C1", card.CardNo);
        Assert.Equal(3, harness.Provider.CountFor(TokenPath));
        Assert.Equal(1, harness.Provider.CountFor("/detail"));
    }

    [Fact]
    public async Task One_waiter_giving_up_cancels_neither_the_shared_fetch_nor_the_other_waiters()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var harness = GatedHarness(gate, n => Token("tok-" + n, Start.AddHours(24)));
        var tokens = TokensOf(harness);
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var givesUp = tokens.GetTokenAsync(impatient.Token).AsTask();
        var others = Enumerable.Range(0, 3).Select(_ => tokens.GetTokenAsync(Ct).AsTask()).ToArray();
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givesUp.WaitAsync(Deadline, Ct));
        Assert.All(others, other => Assert.False(other.IsCompleted, "a waiter finished before Get Token was answered"));
        gate.SetResult();

        var received = await Task.WhenAll(others).WaitAsync(Deadline, Ct);
        Assert.All(received, token => Assert.Equal("tok-1", token));
        Assert.Equal(1, harness.Provider.CountFor(TokenPath));
        Assert.True(tokens.HasFreshToken, "the fetch the cancelled waiter had joined did not complete for the others");
    }

    [Theory]
    [InlineData("\"expired_time\":1")] // no access_token at all
    [InlineData("\"access_token\":null,\"expired_time\":1")]
    [InlineData("\"access_token\":\"\",\"expired_time\":1")]
    public async Task Get_Token_answered_without_an_access_token_fails_the_call_typed_and_sends_nothing(string members)
    {
        using var harness = new KeySecureHarness(
            (request, _) => IsGetToken(request) ? Envelope("{" + members + "}") : Envelope(Detail),
            o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var notSent = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(RequestNotSentReason.TokenUnavailable, notSent.Reason);
        var error = Assert.IsType<ProviderResponseException>(notSent.InnerException);
        Assert.Contains("no access_token", error.Message);
        Assert.Equal("GetToken", error.OperationId);
        Assert.Equal(0, harness.Provider.CountFor("/detail"));
    }

    public static TheoryData<TokenExpiryFormat, string, TimeSpan> Expiries => new()
    {
        { TokenExpiryFormat.UnixMilliseconds, $"\"expired_time\":{Start.AddHours(2).ToUnixTimeMilliseconds()}", TimeSpan.FromHours(2) },
        { TokenExpiryFormat.UnixSeconds, $"\"expired_time\":{Start.AddHours(2).ToUnixTimeSeconds()}", TimeSpan.FromHours(2) },
        { TokenExpiryFormat.LifetimeSeconds, "\"expired_time\":7200", TimeSpan.FromHours(2) },
        // Missing or zero: no expiry to read, so the token is used for the 10-minute fallback.
        { TokenExpiryFormat.UnixMilliseconds, "\"expired_time\":0", TokenExpiry.FallbackLifetime },
        { TokenExpiryFormat.UnixMilliseconds, "\"expired_time\":null", TokenExpiry.FallbackLifetime },
        { TokenExpiryFormat.UnixMilliseconds, "\"unrelated\":1", TokenExpiry.FallbackLifetime },
        { TokenExpiryFormat.LifetimeSeconds, "\"expired_time\":0", TokenExpiry.FallbackLifetime },
    };

    [Theory]
    [MemberData(nameof(Expiries))]
    public async Task Expired_time_is_read_in_the_configured_format_and_the_token_reused_until_the_margin_before_it(
        TokenExpiryFormat format, string expiryMember, TimeSpan lifetime)
    {
        using var harness = new KeySecureHarness(
            (request, n) => IsGetToken(request) ? Envelope($$"""{"access_token":"tok-{{n}}",{{expiryMember}}}""") : Envelope(Detail),
            o => o.TokenExpiryFormat = format);
        var margin = harness.Get<Microsoft.Extensions.Options.IOptionsMonitor<KeySecureOptions>>().Get(string.Empty).TokenRefreshMargin;

        await harness.Cards.GetCardDetailAsync("C1", Ct);
        harness.Clock.Advance(lifetime - margin - TimeSpan.FromMinutes(1));
        await harness.Cards.GetCardDetailAsync("C1", Ct);
        var fetchesBeforeTheMargin = harness.Provider.CountFor(TokenPath);
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal(1, fetchesBeforeTheMargin);
        Assert.Equal(2, harness.Provider.CountFor(TokenPath));
    }
}
