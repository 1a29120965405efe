using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

public class RedactionAndLoggingTests
{
    private const string Pan = "4111111111111111";
    private const string PrivateInfoCiphertext = "G3rwca6E2HxuJsPrbZLFiEcA/gvAyc/4Nr2Zvtac2DhYwQKr+43a76b/VakPyUeFN0CZ4h6/pLRA/EI3dglnTVmkWcV17jX4bWpSjmMvaA/NivxZuTavnAQWa3e6UD5vGmxdmrdQnuaOStLJ35XdZ4zFgudWHIWZijC0onvPV+E=";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_flow_logs_operations_but_no_secret_token_or_card_data()
    {
        using var harness = new KeySecureHarness((request, n) =>
        {
            if (request.Path.EndsWith("/merchant/token")) return Token("tok-SECRET-77", KeySecureHarness.Start.AddHours(24));
            if (request.Path.EndsWith("/private/info")) return Envelope($"\"{PrivateInfoCiphertext}\"");
            if (request.Path.EndsWith("/pin/set")) return Envelope("""{"result":true}""");
            if (request.Path.EndsWith("/card/active")) return Error(4005, "card status does not allow");
            return Envelope("""{"card_no":"C1","status":"Activated"}""");
        });

        await harness.Cards.GetCardDetailAsync("C1", Ct);
        var info = await harness.Cards.GetCardPrivateInfoAsync("C1", Ct);
        await harness.Cards.SetCardPinAsync(new SetCardPinRequest { CardNo = "C1", CardholderNo = "U1", Pin = "135792" }, Ct);
        var failure = await Assert.ThrowsAsync<KeySecureApiException>(() =>
            harness.Cards.ActivateCardAsync(new ActivateCardRequest { CardNo = "C1", CardholderNo = "U1", Cvv = "987", CardLastNo = "1111" }, Ct));

        // Durations are measured in real time and may spell a short secret by chance ("in 1987.2 ms" holds CVV 987).
        var logs = System.Text.RegularExpressions.Regex.Replace(harness.Logs.AllText, @"in [0-9.]+ ms", "in # ms");
        Assert.Contains("GetCardDetail", logs);
        Assert.Contains("code 4005", logs);
        foreach (var secret in new[] { KeySecureHarness.ApiKey, KeySecureHarness.ApiSecret, "tok-SECRET-77", Pan, "135792", "987", PrivateInfoCiphertext })
        {
            Assert.DoesNotContain(secret, logs);
            Assert.DoesNotContain(secret, failure.ToString());
        }
        Assert.DoesNotContain(Pan, info.ToString());
    }

    [Fact]
    public void Exception_excerpts_mask_card_numbers_tokens_and_sensitive_fields()
    {
        var body = "{\"code\":0,\"data\":{\"pan\":\"" + Pan + "\",\"cvv\":\"123\",\"access_token\":\"abc\",\"note\":\"card 5500 0000 0000 0004\"}}";

        var error = new ProviderResponseException("Bad", 500, body, "GetCardPrivateInfo", null, null);

        Assert.DoesNotContain(Pan, error.Message);
        Assert.DoesNotContain("\"123\"", error.Message);
        Assert.DoesNotContain("abc", error.BodyExcerpt);
        Assert.DoesNotContain("5500 0000 0000 0004", error.Message);
        Assert.Contains("GetCardPrivateInfo", error.Message);
    }

    [Fact]
    public void Options_and_tokens_print_without_secrets()
    {
        var options = new KeySecureOptions { ApiKey = "ak-live-1", ApiSecret = "0123456789abcdef" };
        Assert.DoesNotContain("ak-live-1", options.ToString());
        Assert.DoesNotContain("0123456789abcdef", options.ToString());
        var token = new KeySecure.Generated.OpenPlatform.Auth.StoredAccessToken("tok-xyz", DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("tok-xyz", token.ToString());
    }
}
