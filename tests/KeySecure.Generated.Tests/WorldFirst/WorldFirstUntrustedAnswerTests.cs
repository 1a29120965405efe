using System.Net;
using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.Tests.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>
/// Answers WorldFirst's client must not trust as they come: larger than <see cref="WorldFirstOptions.MaxResponseBodyBytes"/>,
/// a large error page, a result member given twice, or an answer from a URL a replaced primary handler was redirected to.
/// </summary>
public sealed class WorldFirstUntrustedAnswerTests
{
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task An_answer_past_the_limit_fails_once_past_it_without_buffering_the_rest()
    {
        var network = new CountingStream(Encoding.UTF8.GetBytes(
            WorldFirstResponses.Success("ASSET-1").TrimEnd('}') + ",\"padding\":\"" + new string('x', 30 * 1024 * 1024) + "\"}"));
        using var host = new WorldFirstTestHost((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(network) },
            options => options.MaxResponseBodyBytes = Limit);

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => host.QueryAsync("ASSET-1"));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("MaxResponseBodyBytes", error.Message);
        Assert.True(network.BytesRead <= Limit + 1, $"read {network.BytesRead} bytes for a limit of {Limit}");
    }

    [Fact]
    public async Task A_300_KB_html_502_page_is_read_only_as_far_as_its_excerpt()
    {
        var network = new CountingStream(BoundedReadTests.Html502(fillerBytes: 300 * 1024));
        using var host = new WorldFirstTestHost((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StreamContent(network) });

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => host.QueryAsync("ASSET-1"));

        Assert.Equal(502, error.StatusCode);
        Assert.Contains("502 Bad Gateway", error.BodyExcerpt);
        Assert.True(network.BytesRead <= ResponseBody.ExcerptSourceBytes + 1, $"read {network.BytesRead} bytes of the 300 KB page");
    }

    [Theory]
    [InlineData("""{"result":{"resultStatus":"F","resultCode":"RISK_REJECT"},"result":{"resultStatus":"S","resultCode":"SUCCESS"},"assetId":"ASSET-1"}""", "result")]
    [InlineData("""{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultStatus":"F"},"assetId":"ASSET-1"}""", "result.resultStatus")]
    [InlineData("""{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"assetId":"ASSET-2","assetId":"ASSET-1"}""", "assetId")]
    public async Task A_signed_answer_that_repeats_a_member_the_sdk_reads_is_unusable(string json, string member)
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, json));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => host.QueryAsync("ASSET-1"));

        Assert.Contains($"more than one '{member}' member", error.Message);
    }

    [Fact]
    public void A_limit_out_of_range_fails_at_start_up_naming_the_setting()
    {
        var error = WorldFirstOptionsTests.StartupFailure(options => options.MaxResponseBodyBytes = 16);

        Assert.Contains("WorldFirst:MaxResponseBodyBytes must be between", error.Message);
    }

    [Fact]
    public async Task A_redirect_followed_by_a_replaced_primary_handler_is_refused_and_its_answer_never_used()
    {
        using var server = new LoopbackHttpServer((_, path) => path == "/elsewhere"
            ? LoopbackHttpServer.Json(WorldFirstResponses.Success("ASSET-1"))
            : LoopbackHttpServer.Redirect("/elsewhere"));
        var services = new ServiceCollection();
        services.AddWorldFirst(options =>
            {
                options.BaseAddress = server.BaseAddress;
                options.ClientId = WorldFirstTestHost.ClientId;
                options.PrivateKeyPem = TestKeys.Merchant.PrivatePem;
                options.KeyVersion = 1;
                // Unsigned answers would be refused before the redirect check could matter; this test is about the URL.
                options.VerificationMode = WorldFirstVerificationMode.Disabled;
                options.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => provider.GetRequiredService<IWorldCardClient>()
            .QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-1" }, TestContext.Current.CancellationToken));

        Assert.Contains("redirected to another URL", error.Message);
        Assert.Equal(["/amsin/api/v2/business/worldcard/queryCardSensitiveInfo", "/elsewhere"], server.Paths);
    }
}
