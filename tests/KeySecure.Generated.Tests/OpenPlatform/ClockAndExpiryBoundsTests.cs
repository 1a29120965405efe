using System.Net;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform.Auth;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// What the SDK learns from an answer is bounded: the clock offset only from the provider's envelopes and never more
/// than a day, a token's lifetime only when its <c>expired_time</c> is plausible.
/// </summary>
public sealed class ClockAndExpiryBoundsTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated","card_type":"Virtual"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = KeySecureHarness.Start;

    [Fact]
    public async Task A_proxy_page_teaches_the_clock_nothing_an_envelope_does_and_never_more_than_a_day()
    {
        var detailCalls = 0;
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Interlocked.Increment(ref detailCalls) switch
        {
            1 => Dated(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502 Bad Gateway</html>") }, Start.AddHours(3)),
            2 => Dated(Envelope(Detail), Start.AddDays(10)),
            _ => Envelope(Detail),
        }), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        await harness.Cards.GetCardDetailAsync("C1", Ct);
        await harness.Cards.GetCardDetailAsync("C1", Ct);

        var stamps = harness.Provider.Requests.Where(r => r.Path.EndsWith("/detail", StringComparison.Ordinal))
            .Select(r => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(r.Header("Timestamp")!))).ToList();
        Assert.Equal(Start, stamps[1]);                 // the 502 page's Date, 3 h ahead, was not believed
        Assert.Equal(Start + ServerClock.MaxOffset, stamps[2]); // the envelope's, 10 days ahead, was believed up to a day
    }

    [Theory]
    [InlineData(-60)]            // already expired
    [InlineData(31 * 24 * 60)]   // 31 days away: a misread format, not a lifetime
    public async Task An_expiry_out_of_range_uses_the_token_for_the_fallback_lifetime_and_warns(int minutesFromNow)
    {
        using var harness = TokenHarness(Start.AddMinutes(minutesFromNow));

        await harness.Cards.GetCardDetailAsync("C1", Ct);
        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        await harness.Cards.GetCardDetailAsync("C1", Ct);
        var fetchesWithinFallback = harness.Provider.CountFor("/merchant/token");
        // Fresh until the refresh margin (5 minutes) before the 10-minute fallback.
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal(1, fetchesWithinFallback);
        Assert.Equal(2, harness.Provider.CountFor("/merchant/token"));
        Assert.Contains(harness.Logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains("expired_time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expiry_within_30_days_is_believed_without_a_warning()
    {
        using var harness = TokenHarness(Start.AddDays(29));

        await harness.Cards.GetCardDetailAsync("C1", Ct);
        harness.Clock.Advance(TimeSpan.FromDays(28));
        await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.Equal(1, harness.Provider.CountFor("/merchant/token"));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Contains("expired_time", StringComparison.Ordinal));
    }

    private static KeySecureHarness TokenHarness(DateTimeOffset expiry) =>
        new((request, n) => request.Path.EndsWith("/merchant/token", StringComparison.Ordinal) ? Token("tok-" + n, expiry) : Envelope(Detail));

    private static HttpResponseMessage Dated(HttpResponseMessage response, DateTimeOffset date)
    {
        response.Headers.Date = date;
        return response;
    }
}
