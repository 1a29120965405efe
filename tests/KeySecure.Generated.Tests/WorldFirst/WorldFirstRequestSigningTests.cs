using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstRequestSigningTests
{
    private const string Path = "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo";

    [Fact]
    public async Task Request_signature_is_the_one_openssl_makes_over_the_documented_text()
    {
        using var host = new WorldFirstTestHost(
            (request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1")),
            options => options.PrivateKeyPem = OpenSslVectors.KeyPem);

        await host.QueryAsync("ASSET-1");

        var sent = Assert.Single(host.Server.Requests);
        // The vector's text, from the documentation: what was on the wire must be exactly that text.
        Assert.Equal("2019-04-04T12:08:56+08:00", sent.Header("Request-Time"));
        Assert.Equal("""{"assetId":"ASSET-1"}""", Encoding.UTF8.GetString(sent.Body));
        Assert.Equal(OpenSslVectors.RequestSignature, Convert.ToBase64String(DecodeSignature(sent.Header("Signature"))));
    }

    [Fact]
    public async Task Headers_are_sent_exactly_as_signed()
    {
        using var host = new WorldFirstTestHost(
            (request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1")),
            options =>
            {
                options.KeyVersion = 2;
                options.ConnectedAccountId = "CONNECTED-9";
            });

        await host.QueryAsync("ASSET-1");

        var sent = Assert.Single(host.Server.Requests);
        Assert.Equal("https://gateway.worldfirst.test" + Path, sent.Uri.AbsoluteUri);
        Assert.Equal(WorldFirstTestHost.ClientId, sent.Header("Client-Id"));
        Assert.Equal("2019-04-04T12:08:56+08:00", sent.Header("Request-Time"));
        Assert.Equal("CONNECTED-9", sent.Header("Connected-AccountId"));
        Assert.Equal("application/json; charset=UTF-8", sent.ContentType);
        Assert.Equal("""{"assetId":"ASSET-1"}""", Encoding.UTF8.GetString(sent.Body));
        Assert.Matches(new Regex("^algorithm=RSA256, keyVersion=2, signature=[A-Za-z0-9%]+$"), sent.Header("Signature"));
        // URL encoding must use uppercase hex (%2B, %2F, %3D), as Java's URLEncoder does on WorldFirst's side.
        Assert.All(Regex.Matches(sent.Header("Signature"), "%..").Select(m => m.Value), escape => Assert.Equal(escape.ToUpperInvariant(), escape));
    }

    [Fact]
    public async Task Connected_account_header_is_omitted_when_not_configured()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("A")));

        await host.QueryAsync("A");

        Assert.False(Assert.Single(host.Server.Requests).Headers.ContainsKey("Connected-AccountId"));
    }

    [Fact]
    public async Task Get_requests_are_signed_too_with_an_empty_body()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("S", "SUCCESS")));
        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(WorldFirstServiceCollectionExtensions.HttpClientNameOf(""));

        using var response = await http.GetAsync("amsin/api/v2/some/read", TestContext.Current.CancellationToken);

        var sent = Assert.Single(host.Server.Requests);
        Assert.Equal("GET", sent.Method);
        Assert.Empty(sent.Body);
        var text = Encoding.UTF8.GetBytes($"GET /amsin/api/v2/some/read\n{WorldFirstTestHost.ClientId}.{sent.Header("Request-Time")}.");
        Assert.True(TestKeys.Merchant.Verify(text, DecodeSignature(sent.Header("Signature"))));
    }

    internal static byte[] DecodeSignature(string header)
    {
        var match = Regex.Match(header, "signature=([^,\\s]+)");
        Assert.True(match.Success, "no signature= part");
        return Convert.FromBase64String(Uri.UnescapeDataString(match.Groups[1].Value));
    }
}
