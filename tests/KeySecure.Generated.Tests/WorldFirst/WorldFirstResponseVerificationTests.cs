using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstResponseVerificationTests
{
    private const string CardNo = "4000123412341234";

    [Fact]
    public async Task Response_signed_by_openssl_is_accepted()
    {
        using var host = new WorldFirstTestHost(
            (request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1", CardNo, "739"),
                WorldFirstResponses.Header(Convert.FromBase64String(OpenSslVectors.ResponseSignature))),
            options => options.WorldFirstPublicKeyPem = OpenSslVectors.PublicKeyPem);

        var info = await host.QueryAsync("ASSET-1");

        Assert.Equal(ResultStatus.S, info.Result.ResultStatus);
        Assert.Equal("ASSET-1", info.AssetId);
        Assert.Equal(CardNo, info.CardNo);
        Assert.Equal("739", info.Cvv);
        Assert.Equal("07", info.ExpiredMonth);
        Assert.Equal("29", info.ExpiredYear);
    }

    [Fact]
    public async Task One_changed_body_byte_is_rejected_as_mismatch_without_leaking_the_body()
    {
        using var host = new WorldFirstTestHost((request, _) =>
        {
            var signed = WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1", CardNo));
            var header = signed.Headers.NonValidated["Signature"].ToString();
            // Same signature, body with its last card digit changed.
            var tampered = WorldFirstResponses.Unsigned(WorldFirstResponses.Success("ASSET-1", CardNo[..^1] + "5"));
            tampered.Headers.TryAddWithoutValidation("Signature", header);
            tampered.Headers.TryAddWithoutValidation("Response-Time", WorldFirstResponses.ResponseTime);
            return tampered;
        });

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("ASSET-1"));

        Assert.Equal(WorldFirstSignaturePart.Mismatch, ex.Part);
        Assert.Contains("Mismatch", ex.Message);
        Assert.DoesNotContain(CardNo[..12], ex.Message);
        Assert.DoesNotContain("739", ex.Message);
        Assert.DoesNotContain("assetId", ex.Message);
        Assert.Equal("QueryCardSensitiveInfo", ex.OperationId);
    }

    [Fact]
    public async Task Response_time_other_than_the_signed_one_is_rejected()
    {
        using var host = new WorldFirstTestHost((request, _) =>
        {
            var response = WorldFirstResponses.Signed(request, WorldFirstResponses.Success("A"));
            response.Headers.Remove("Response-Time");
            response.Headers.TryAddWithoutValidation("Response-Time", "2019-04-04T12:09:02+08:00");
            return response;
        });

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("A"));
        Assert.Equal(WorldFirstSignaturePart.Mismatch, ex.Part);
    }

    [Fact]
    public async Task Unsigned_success_is_rejected_in_required_mode()
    {
        using var host = new WorldFirstTestHost((_, _) => WorldFirstResponses.Unsigned(WorldFirstResponses.Success("A", CardNo)));

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("A"));

        Assert.Equal(WorldFirstSignaturePart.MissingSignature, ex.Part);
        Assert.DoesNotContain(CardNo, ex.Message);
    }

    [Fact]
    public async Task Unsigned_failure_carrying_card_fields_is_rejected_in_required_mode()
    {
        var json = $$"""{"result":{"resultStatus":"F","resultCode":"SYSTEM_ERROR"},"cardNo":"{{CardNo}}"}""";
        using var host = new WorldFirstTestHost((_, _) => WorldFirstResponses.Unsigned(json));

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("A"));
        Assert.Equal(WorldFirstSignaturePart.MissingSignature, ex.Part);
    }

    [Fact]
    public async Task Unsigned_success_is_accepted_in_optional_mode()
    {
        using var host = new WorldFirstTestHost(
            (_, _) => WorldFirstResponses.Unsigned(WorldFirstResponses.Success("A", CardNo)),
            options => options.VerificationMode = WorldFirstVerificationMode.Optional);

        var info = await host.QueryAsync("A");
        Assert.Equal(CardNo, info.CardNo);
    }

    [Fact]
    public async Task Badly_signed_success_is_rejected_in_optional_mode()
    {
        using var host = new WorldFirstTestHost(
            (request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("A"), WorldFirstResponses.Header(new byte[256])),
            options => options.VerificationMode = WorldFirstVerificationMode.Optional);

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("A"));
        Assert.Equal(WorldFirstSignaturePart.Mismatch, ex.Part);
    }

    [Fact]
    public async Task Disabled_mode_does_not_verify()
    {
        using var host = new WorldFirstTestHost(
            (request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("A"), WorldFirstResponses.Header(new byte[256])),
            options =>
            {
                options.VerificationMode = WorldFirstVerificationMode.Disabled;
                options.WorldFirstPublicKeyPem = null;
            });

        var info = await host.QueryAsync("A");
        Assert.Equal("A", info.AssetId);
    }

    [Fact]
    public async Task Signed_response_without_response_time_is_rejected()
    {
        using var host = new WorldFirstTestHost((request, _) =>
        {
            var response = WorldFirstResponses.Signed(request, WorldFirstResponses.Success("A"));
            response.Headers.Remove("Response-Time");
            return response;
        });

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("A"));
        Assert.Equal(WorldFirstSignaturePart.MissingResponseTime, ex.Part);
    }

    // {enc}: URL-encoded Base64 (uppercase hex); {lower}: lowercase hex; {raw}: plain Base64.
    [Theory]
    [InlineData("algorithm=RSA256, keyVersion=1, signature={enc}")]
    [InlineData("signature={enc},algorithm=RSA256,keyVersion=1")]
    [InlineData("  keyVersion=1 ,   signature={enc} ,  algorithm=RSA256  ")]
    [InlineData("Algorithm=rsa256, KeyVersion=1, Signature={raw}")]
    [InlineData("ALGORITHM=Rsa256, SIGNATURE={lower}")]
    [InlineData("algorithm=RSA256, keyVersion=1, signature=\"{enc}\"")]
    [InlineData("signature={raw}")]
    public async Task Signature_header_is_parsed_tolerantly(string template)
    {
        using var host = new WorldFirstTestHost((request, _) =>
        {
            var json = WorldFirstResponses.Success("A");
            var text = WorldFirstResponses.TextToVerify(request, WorldFirstTestHost.ClientId, WorldFirstResponses.ResponseTime, Encoding.UTF8.GetBytes(json));
            var raw = Convert.ToBase64String(TestKeys.WorldFirst.Sign(text));
            var encoded = Uri.EscapeDataString(raw);
            var lower = System.Text.RegularExpressions.Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
            var header = template.Replace("{enc}", encoded).Replace("{lower}", lower).Replace("{raw}", raw);
            return WorldFirstResponses.Signed(request, json, header);
        });

        var info = await host.QueryAsync("A");
        Assert.Equal("A", info.AssetId);
    }

    [Theory]
    [InlineData("algorithm=RSA512, keyVersion=1, signature=AAAA", WorldFirstSignaturePart.UnsupportedAlgorithm)]
    [InlineData("algorithm=RSA256, keyVersion=1", WorldFirstSignaturePart.MalformedHeader)]
    [InlineData("algorithm=RSA256, signature=!!not-base64!!", WorldFirstSignaturePart.MalformedHeader)]
    [InlineData("garbage", WorldFirstSignaturePart.MalformedHeader)]
    public async Task Unusable_signature_headers_are_rejected_by_part(string header, WorldFirstSignaturePart part)
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("A"), header));

        var ex = await Assert.ThrowsAsync<WorldFirstSignatureException>(() => host.QueryAsync("A"));
        Assert.Equal(part, ex.Part);
    }
}
