using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>A correctly signed <c>S</c> is used only when it answers the question asked: the same <c>assetId</c>.</summary>
public sealed class WorldFirstAnswerTieTests
{
    private const string CardNo = "4000123412341234";

    [Theory]
    [InlineData(WorldFirstVerificationMode.Required)]
    [InlineData(WorldFirstVerificationMode.Optional)]
    [InlineData(WorldFirstVerificationMode.Disabled)]
    public async Task A_signed_answer_for_another_asset_is_rejected_like_a_bad_signature(WorldFirstVerificationMode mode)
    {
        using var host = new WorldFirstTestHost(
            (request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-OTHER", CardNo)),
            options => options.VerificationMode = mode);

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("ASSET-1"));

        Assert.Equal(WorldFirstSignaturePart.AssetIdMismatch, ex.Part);
        Assert.Equal("QueryCardSensitiveInfo", ex.OperationId);
        Assert.DoesNotContain(CardNo[..12], ex.Message);
        Assert.DoesNotContain("ASSET-OTHER", ex.Message);
    }

    [Fact]
    public async Task A_signed_answer_that_names_no_asset_is_rejected()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request,
            WorldFirstResponses.Success("ASSET-1", CardNo).Replace("\"assetId\":\"ASSET-1\",", "", StringComparison.Ordinal)));

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("ASSET-1"));

        Assert.Equal(WorldFirstSignaturePart.AssetIdMismatch, ex.Part);
    }

    [Fact]
    public async Task The_answer_for_the_asset_asked_about_is_used()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1", CardNo)));

        var info = await host.QueryAsync("ASSET-1");

        Assert.Equal(("ASSET-1", CardNo), (info.AssetId, info.CardNo));
    }

    [Fact]
    public async Task An_F_answer_is_not_tied_because_it_carries_no_asset()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("F", "RISK_REJECT")));

        var ex = await Assert.ThrowsAsync<WorldFirstApiException>(() => host.QueryAsync("ASSET-1"));

        Assert.Equal("RISK_REJECT", ex.ResultCode);
    }

    [Theory]
    [InlineData("""{"assetId":7}""")]
    [InlineData("""{"asset":"ASSET-1"}""")]
    [InlineData("""{"assetId":"ASSET-1","assetId":"ASSET-1"}""")]
    public async Task A_request_whose_asset_cannot_be_read_ties_no_answer_about_an_asset(string requestBody)
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1", CardNo)));
        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(WorldFirstServiceCollectionExtensions.HttpClientNameOf(""));

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => http.PostAsync(
            "amsin/api/v2/business/worldcard/queryCardSensitiveInfo", new StringContent(requestBody, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken));

        Assert.Equal(WorldFirstSignaturePart.AssetIdMismatch, ex.Part);
    }
}
