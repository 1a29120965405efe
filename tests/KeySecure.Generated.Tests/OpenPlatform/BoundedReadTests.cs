using System.Net;
using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// A response body is read up to <see cref="KeySecureOptions.MaxResponseBodyBytes"/> and refused as soon as it passes
/// it; an error page is read only as far as its excerpt needs. Asserted on the bytes pulled from the network.
/// </summary>
public sealed class BoundedReadTests
{
    private const int Limit = 64 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TransferFundsRequest Transfer = new() { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" };

    [Fact]
    public async Task A_read_answered_with_a_30_MB_body_fails_once_past_the_limit_without_buffering_the_rest()
    {
        var network = HugeEnvelope();
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Streamed(network)), o => o.MaxResponseBodyBytes = Limit);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("MaxResponseBodyBytes", error.Message);
        Assert.False(error.OutcomeUnknown);
        Assert.False(error.IsTransient);
        Assert.True(network.BytesRead <= Limit + 1, $"read {network.BytesRead} bytes of 30 MB for a limit of {Limit}");
        Assert.Equal(1, harness.Provider.CountFor("/detail"));
    }

    [Fact]
    public async Task A_write_answered_with_a_body_past_the_limit_has_an_unknown_outcome()
    {
        var network = HugeEnvelope();
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Streamed(network)), o => o.MaxResponseBodyBytes = Limit);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Get<IAccountsClient>().TransferFundsAsync(Transfer, Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Contains("transfer_unique_no", error.Message);
        Assert.True(network.BytesRead <= Limit + 1, $"read {network.BytesRead} bytes");
    }

    [Fact]
    public async Task A_body_that_announces_more_than_the_limit_is_refused_after_reading_only_an_excerpt()
    {
        var network = HugeEnvelope();
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
        {
            var response = Streamed(network);
            response.Content.Headers.ContentLength = 30L * 1024 * 1024;
            return response;
        }), o => o.MaxResponseBodyBytes = Limit);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Contains("MaxResponseBodyBytes", error.Message);
        Assert.True(network.BytesRead <= ResponseBody.ExcerptSourceBytes, $"read {network.BytesRead} bytes");
    }

    [Fact]
    public async Task A_300_KB_html_502_page_costs_what_a_small_one_does()
    {
        var (small, smallRead) = await FailWith502Async(Html502(fillerBytes: 1_000));
        var (large, largeRead) = await FailWith502Async(Html502(fillerBytes: 300 * 1024));

        // The work: both pages are read only as far as the excerpt needs (and one byte to see there is more), and both
        // excerpts come from that start.
        Assert.True(smallRead <= ResponseBody.ExcerptSourceBytes + 1, $"read {smallRead} bytes of the small page");
        Assert.True(largeRead <= ResponseBody.ExcerptSourceBytes + 1, $"read {largeRead} bytes of the 300 KB page");
        Assert.Equal(small.BodyExcerpt, large.BodyExcerpt);
        Assert.Contains("502 Bad Gateway", large.BodyExcerpt);
        Assert.Equal(502, large.StatusCode);
    }

    [Fact]
    public async Task A_502_whose_body_breaks_off_is_still_reported_as_a_502()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StreamContent(new BrokenBody()) }), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(502, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(string.Empty, error.BodyExcerpt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(300 * 1024 * 1024)]
    public void A_limit_out_of_range_fails_at_start_up_naming_the_setting(int limit)
    {
        var services = new ServiceCollection();
        services.AddKeySecure(o =>
        {
            o.ApiKey = KeySecureHarness.ApiKey;
            o.ApiSecret = KeySecureHarness.ApiSecret;
            o.MaxResponseBodyBytes = limit;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(Options.DefaultName));

        Assert.Contains("KeySecure:MaxResponseBodyBytes must be between", error.Message);
    }

    [Fact]
    public void The_default_limit_is_one_mebibyte() => Assert.Equal(1024 * 1024, new KeySecureOptions().MaxResponseBodyBytes);

    private static async Task<(ProviderResponseException Error, long BytesRead)> FailWith502Async(byte[] page)
    {
        var network = new CountingStream(page);
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
        {
            var response = Streamed(network, HttpStatusCode.BadGateway);
            response.Content.Headers.ContentType = new("text/html");
            return response;
        }), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));
        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));
        return (error, network.BytesRead);
    }

    internal static byte[] Html502(int fillerBytes) => Encoding.UTF8.GetBytes(
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
        + string.Concat(Enumerable.Repeat("<p>upstream 10.0.0.8 did not answer in time; retry later</p>\n", fillerBytes / 64 + 1))
        + "</body></html>");

    // An envelope whose data is a 30 MB string: valid JSON, if it were ever read to the end.
    private static CountingStream HugeEnvelope() => new(Encoding.UTF8.GetBytes(
        """{"code":0,"msg":"Success","data":{"card_no":"C1","status":"Activated","note":" """ + new string('x', 30 * 1024 * 1024) + "\"}}"));

    // Chunked: no Content-Length, so the limit must be enforced while reading.
    private static HttpResponseMessage Streamed(CountingStream network, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StreamContent(network) };

    private sealed class BrokenBody : ReadOnlyTestStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("The connection was reset.");
    }
}
