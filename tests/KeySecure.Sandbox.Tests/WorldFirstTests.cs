using System.Security.Cryptography;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>WorldFirst queryCardSensitiveInfo through the real SDK: request signing, response verification, S/F/U.</summary>
public sealed class WorldFirstTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signed_request_gets_a_signed_success_with_stable_card_data()
    {
        using var sdk = fixture.Sdk();
        var info = await sdk.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-0001" }, Ct);
        var again = await sdk.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-0001" }, Ct);

        Assert.Equal(ResultStatus.S, info.Result.ResultStatus);
        Assert.Equal("SUCCESS", info.Result.ResultCode);
        Assert.Equal("ASSET-0001", info.AssetId);
        Assert.Equal(fixture.Sandbox.Options.WorldFirstAccountId, info.AccountId);
        Assert.Matches("^[0-9]{16}$", info.CardNo);
        Assert.Matches("^[0-9]{3}$", info.Cvv);
        Assert.Matches("^(0[1-9]|1[0-2])$", info.ExpiredMonth);
        Assert.Matches("^[0-9]{2}$", info.ExpiredYear);
        Assert.Equal(info.CardNo, again.CardNo);
    }

    [Fact]
    public async Task Unknown_once_asset_answers_U_then_S()
    {
        using var sdk = fixture.Sdk();
        var request = new QueryCardSensitiveInfoRequest { AssetId = "U-" + Guid.NewGuid().ToString("N") };

        var unknown = await Assert.ThrowsAsync<WorldFirstUnknownResultException>(() => sdk.WorldCard.QueryCardSensitiveInfoAsync(request, Ct));
        Assert.Equal("UNKNOWN_EXCEPTION", unknown.ResultCode);
        Assert.True(unknown.IsSignatureVerified);

        var known = await sdk.WorldCard.QueryCardSensitiveInfoAsync(request, Ct);
        Assert.Equal(ResultStatus.S, known.Result.ResultStatus);
    }

    [Fact]
    public async Task The_sdk_poller_queries_again_after_U()
    {
        using var sdk = fixture.Sdk();
        var request = new QueryCardSensitiveInfoRequest { AssetId = "U-" + Guid.NewGuid().ToString("N") };

        var info = await sdk.WorldCard.QueryCardSensitiveInfoUntilKnownAsync(request, new InstantTimeProvider(), Ct);

        Assert.Equal(ResultStatus.S, info.Result.ResultStatus);
        Assert.Equal(request.AssetId, info.AssetId);
    }

    [Fact]
    public async Task Missing_asset_id_is_PARAM_ILLEGAL_and_signed()
    {
        using var sdk = fixture.Sdk();
        var error = await Assert.ThrowsAsync<WorldFirstApiException>(() =>
            // Blank, not null: the SDK itself refuses a null required field before sending.
            sdk.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = " " }, Ct));
        Assert.Equal("PARAM_ILLEGAL", error.ResultCode);
        Assert.True(error.IsSignatureVerified);
    }

    [Fact]
    public async Task Requested_failure_code_is_answered_as_F()
    {
        using var sdk = fixture.Sdk();
        var error = await Assert.ThrowsAsync<WorldFirstApiException>(() =>
            sdk.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "F-RISK_REJECT" }, Ct));
        Assert.Equal("RISK_REJECT", error.ResultCode);
    }

    [Fact]
    public async Task A_request_signed_with_another_key_is_INVALID_SIGNATURE_unsigned()
    {
        using var other = RSA.Create(2048);
        using var sdk = new Sdk(fixture.Sandbox, worldFirst: o => o.PrivateKeyPem = other.ExportPkcs8PrivateKeyPem());
        var error = await Assert.ThrowsAsync<WorldFirstApiException>(() =>
            sdk.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-0002" }, Ct));
        Assert.Equal("INVALID_SIGNATURE", error.ResultCode);
        Assert.False(error.IsSignatureVerified);
    }

    [Fact]
    public async Task A_wrong_key_version_is_INVALID_SIGNATURE_and_a_wrong_client_id_INVALID_CLIENT()
    {
        using var version = new Sdk(fixture.Sandbox, worldFirst: o => o.KeyVersion = 7);
        var badVersion = await Assert.ThrowsAsync<WorldFirstApiException>(() =>
            version.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-0003" }, Ct));
        Assert.Equal("INVALID_SIGNATURE", badVersion.ResultCode);

        using var client = new Sdk(fixture.Sandbox, worldFirst: o => o.ClientId = "SOMEONE-ELSE");
        var badClient = await Assert.ThrowsAsync<WorldFirstApiException>(() =>
            client.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-0003" }, Ct));
        Assert.Equal("INVALID_CLIENT", badClient.ResultCode);
    }

    [Fact]
    public async Task A_response_verified_with_the_wrong_WorldFirst_key_is_rejected_by_the_sdk()
    {
        using var other = RSA.Create(2048);
        using var sdk = new Sdk(fixture.Sandbox, worldFirst: o => o.WorldFirstPublicKeyPem = other.ExportSubjectPublicKeyInfoPem());
        var error = await Assert.ThrowsAsync<WorldFirstSignatureException>(() =>
            sdk.WorldCard.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-0004" }, Ct));
        Assert.Equal(WorldFirstSignaturePart.Mismatch, error.Part);
    }

    /// <summary>Delays complete at once, so the poller's 5-minute wait takes no time.</summary>
    private sealed class InstantTimeProvider : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
