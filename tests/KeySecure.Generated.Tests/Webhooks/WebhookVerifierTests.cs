using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using KeySecure.Generated.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KeySecure.Generated.Tests.Webhooks.WebhookSamples;

namespace KeySecure.Generated.Tests.Webhooks;

public sealed class WebhookVerifierTests
{
    private static WebhookVerificationResult Verify(
        string body,
        string? timestamp = Timestamp,
        string? signature = "",
        string? version = "V1",
        TimeProvider? time = null)
    {
        signature = signature == "" ? Sign(body, timestamp ?? Timestamp) : signature;
        return Verifier(time).Verify(Bytes(body), timestamp, signature, version, "UTC+8");
    }

    [Fact]
    public void Accepts_a_correctly_signed_event()
    {
        var result = Verify(ConsumptionBody);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Null(result.Failure);
        Assert.Equal("evt_cons_1", result.Event.Id);
        Assert.Equal(WebhookAction.Consumption, result.Event.Action);
        Assert.Equal("UTC+8", result.Event.Timezone);
        Assert.Equal(Now, result.Event.Timestamp);
        Assert.Equal("CN2002", result.Event.RawData.GetProperty("consume_no").GetString());
    }

    [Fact]
    public void One_changed_data_byte_is_a_bad_signature()
    {
        var signature = Sign(ConsumptionBody);
        var tampered = ConsumptionBody.Replace("\"amount\":12.50", "\"amount\":12.51", StringComparison.Ordinal);
        Assert.NotEqual(ConsumptionBody, tampered);

        var result = Verifier().Verify(Bytes(tampered), Timestamp, signature, "V1");

        Assert.False(result.Succeeded);
        Assert.Equal(WebhookFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public void Changing_only_id_or_action_keeps_the_signature_valid_as_documented()
    {
        var signature = Sign(CardUpdateBody);
        var renamed = CardUpdateBody.Replace("evt_card_1", "evt_card_2", StringComparison.Ordinal);

        Assert.True(Verifier().Verify(Bytes(renamed), Timestamp, signature, "V1").Succeeded);
    }

    [Theory]
    [InlineData("wrong-secret-wrong-secret-12345", AppId)]
    [InlineData(Secret, "AK_other")]
    public void Another_secret_or_appId_is_a_bad_signature(string secret, string appId)
    {
        var result = Verify(AuthBody, signature: Sign(AuthBody, Timestamp, appId, secret));

        Assert.Equal(WebhookFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public void A_signature_over_another_timestamp_is_a_bad_signature()
    {
        var result = Verify(AuthBody, timestamp: "1700000000001", signature: Sign(AuthBody, Timestamp));

        Assert.Equal(WebhookFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public void Uppercase_hex_is_accepted()
    {
        Assert.True(Verify(AuthBody, signature: Sign(AuthBody).ToUpperInvariant()).Succeeded);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_outside_the_tolerance_is_stale(int seconds)
    {
        var time = new TestClock(Now.AddSeconds(seconds));

        var result = Verify(ConsumptionBody, time: time);

        Assert.Equal(WebhookFailureReason.StaleTimestamp, result.Failure);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void A_timestamp_within_the_tolerance_is_fresh(int seconds)
    {
        var time = new TestClock(Now.AddSeconds(seconds));

        Assert.True(Verify(ConsumptionBody, time: time).Succeeded);
    }

    [Fact]
    public void The_tolerance_is_configurable()
    {
        var time = new TestClock(Now);
        time.Advance(TimeSpan.FromSeconds(31));
        var verifier = new WebhookVerifier(new WebhookOptions { AppId = AppId, Secret = Secret, Tolerance = TimeSpan.FromSeconds(30) }, time);

        Assert.Equal(WebhookFailureReason.StaleTimestamp, verifier.Verify(Bytes(AuthBody), Timestamp, Sign(AuthBody), "V1").Failure);
    }

    [Theory]
    [InlineData("1700000000000", 0)]
    [InlineData("1700000000", 0)]
    [InlineData("1700000123", 123)]
    public void A_13_digit_timestamp_is_read_as_milliseconds_and_a_10_digit_one_as_seconds(string timestamp, int secondsAfterNow)
    {
        var result = Verify(CardUpdateBody, timestamp);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(Now.AddSeconds(secondsAfterNow), result.Event.Timestamp);
    }

    [Theory]
    [InlineData("170000000000")]
    [InlineData("17000000000")]
    [InlineData("17000000000000")]
    public void A_timestamp_of_another_length_is_refused_naming_the_forms_read(string timestamp)
    {
        var result = Verify(CardUpdateBody, timestamp);

        Assert.Equal(WebhookFailureReason.MissingTimestamp, result.Failure);
        Assert.Equal("Timestamp must be 13 digits (Unix milliseconds) or 10 digits (Unix seconds)", result.Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2024-01-02T03:04:05Z")]
    [InlineData("-1700000000000")]
    [InlineData("99999999999999999999")]
    public void A_missing_or_non_numeric_timestamp_is_MissingTimestamp(string? timestamp)
    {
        var result = Verifier().Verify(Bytes(AuthBody), timestamp, Sign(AuthBody), "V1");

        Assert.Equal(WebhookFailureReason.MissingTimestamp, result.Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_signature_is_MissingSignature(string? signature)
    {
        var result = Verifier().Verify(Bytes(AuthBody), Timestamp, signature, "V1");

        Assert.Equal(WebhookFailureReason.MissingSignature, result.Failure);
    }

    [Theory]
    [InlineData("V2")]
    [InlineData("v0")]
    [InlineData("HMAC")]
    public void Another_sign_version_is_unsupported(string version)
    {
        Assert.Equal(WebhookFailureReason.UnsupportedVersion, Verify(AuthBody, version: version).Failure);
    }

    [Fact]
    public void An_absent_sign_version_is_read_as_V1_unless_required()
    {
        Assert.True(Verify(AuthBody, version: null).Succeeded);
        Assert.True(Verify(AuthBody, version: "v1").Succeeded);

        var strict = new WebhookVerifier(new WebhookOptions { AppId = AppId, Secret = Secret, RequireSignVersion = true }, new TestClock(Now));
        Assert.Equal(WebhookFailureReason.UnsupportedVersion, strict.Verify(Bytes(AuthBody), Timestamp, Sign(AuthBody), null).Failure);
        Assert.True(strict.Verify(Bytes(AuthBody), Timestamp, Sign(AuthBody), "V1").Succeeded);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"id":"1","data":{}}""")]
    [InlineData("""{"id":"1","action":7,"data":{}}""")]
    [InlineData("""{"id":"1","action":"Auth","data":[1]}""")]
    [InlineData("""{"id":"1","action":"Auth","data":"x"}""")]
    [InlineData("""{"id":{},"action":"Auth","data":{}}""")]
    public void A_body_of_the_wrong_shape_is_MalformedBody(string body)
    {
        var result = Verifier().Verify(Bytes(body), Timestamp, "00", "V1");

        Assert.Equal(WebhookFailureReason.MalformedBody, result.Failure);
    }

    [Fact]
    public void Authentic_data_that_does_not_fit_its_documented_type_is_DataDoesNotFitAction()
    {
        var body = """{"id":"1","action":"Auth","data":{"consume_no":"C","card_no":"K","amount":{"not":"a number"}}}""";

        var result = Verify(body);

        Assert.Equal(WebhookFailureReason.DataDoesNotFitAction, result.Failure);
        Assert.Equal("Auth data has a value of the wrong type", result.Detail);
    }

    [Fact]
    public void Auth_is_parsed_into_its_generated_type()
    {
        var webhookEvent = Verify(AuthBody).GetEventOrThrow();
        var data = webhookEvent.AsAuth();

        Assert.True(webhookEvent.IsKnown);
        Assert.Equal("CN1001", data.ConsumeNo);
        Assert.Equal("CARD_77", data.CardNo);
        Assert.Equal("CH_5", data.CardholderNo);
        Assert.Equal(ConsumptionType.Consumption, data.Type);
        Assert.Equal(25.10m, data.Amount);
        Assert.Equal(180.3m, data.LocalAmount);
        Assert.Equal("CNY", data.LocalCurrency);
        Assert.Equal("Corner Shop", data.MerchantInfo!.MerchantName);
        Assert.Equal("5411", data.MerchantInfo.MerchantMcc);
        Assert.Equal(CommonStatus.Pending, data.Status);
        Assert.Equal("2024-01-02 03:04:05", data.Time);
        Assert.Throws<InvalidOperationException>(() => webhookEvent.AsConsumption());
        Assert.Throws<InvalidOperationException>(() => webhookEvent.AsCardUpdate());
    }

    [Fact]
    public void Consumption_is_parsed_into_its_generated_type()
    {
        var webhookEvent = Verify(ConsumptionBody).GetEventOrThrow();
        var data = webhookEvent.AsConsumption();

        Assert.Equal(ConsumptionType.Refund, data.Type);
        Assert.Null(data.ConsumeRelateNo);
        Assert.Equal(12.50m, data.Amount);
        Assert.Equal(90m, data.LocalAmount);
        Assert.Equal(0.5m, data.Fee);
        var fee = Assert.Single(data.FeeDetail!);
        Assert.Equal(FeeType.AuthFee, fee.FeeType);
        Assert.Equal(0.5m, fee.Amount);
        Assert.Equal("", data.Remark);
        Assert.Equal("v", data.Detail!.Value.GetProperty("k").GetString());
        Assert.Equal(CommonStatus.Success, data.Status);
        Assert.Equal("Lyon", data.MerchantInfo!.City);
        Assert.Throws<InvalidOperationException>(() => webhookEvent.AsAuth());
    }

    [Fact]
    public void Card_update_is_parsed_into_its_generated_type()
    {
        var webhookEvent = Verify(CardUpdateBody).GetEventOrThrow();
        var data = webhookEvent.AsCardUpdate();

        Assert.Equal(WebhookAction.CardUpdate, webhookEvent.Action);
        Assert.Equal("CARD_77", data.CardNo);
        Assert.Equal(CardStatus.Activated, data.BeforeStatus);
        Assert.Equal(CardStatus.Frozen, data.AfterStatus);
        Assert.Equal("risk", data.Reason);
    }

    [Fact]
    public void An_unknown_action_is_tolerated_with_its_raw_data()
    {
        var webhookEvent = Verify(UnknownBody).GetEventOrThrow();

        Assert.False(webhookEvent.IsKnown);
        Assert.False(webhookEvent.Action.IsKnown);
        Assert.Equal("Chargeback", webhookEvent.Action.Value);
        Assert.Equal("CB9", webhookEvent.RawData.GetProperty("case_no").GetString());
        Assert.Throws<InvalidOperationException>(() => webhookEvent.AsAuth());
    }

    [Fact]
    public void Unknown_fields_in_known_data_are_tolerated_and_signed()
    {
        var body = """{"id":"x","action":"Card_update","data":{"card_no":"C1","after_status":"Brand_new_status","new_field":{"z":1}}}""";

        var webhookEvent = Verify(body).GetEventOrThrow();

        Assert.Equal("Brand_new_status", webhookEvent.AsCardUpdate().AfterStatus!.Value.Value);
        Assert.False(webhookEvent.AsCardUpdate().AfterStatus!.Value.IsKnown);
        Assert.Equal(WebhookFailureReason.BadSignature,
            Verifier().Verify(Bytes(body.Replace("\"z\":1", "\"z\":2", StringComparison.Ordinal)), Timestamp, Sign(body), "V1").Failure);
    }

    [Fact]
    public void The_exception_names_the_reason_without_body_secret_or_signature()
    {
        var signature = Sign(AuthBody, Timestamp, AppId, "another-secret-another-secret-12");
        var result = Verifier().Verify(Bytes(AuthBody), Timestamp, signature, "V1");

        var exception = Assert.Throws<KeySecureWebhookException>(() => result.GetEventOrThrow());

        Assert.Equal(WebhookFailureReason.BadSignature, exception.Reason);
        Assert.IsAssignableFrom<KeySecureException>(exception);
        Assert.Contains("BadSignature", exception.Message, StringComparison.Ordinal);
        foreach (var secretPart in new[] { Secret, signature, "CN1001", "CARD_77", "Corner Shop", AppId })
        {
            Assert.DoesNotContain(secretPart, exception.Message, StringComparison.Ordinal);
        }
        Assert.Throws<KeySecureWebhookException>(() => Verifier().VerifyOrThrow(Bytes(AuthBody), null, signature, "V1"));
    }

    [Fact]
    public void The_verifier_refuses_unusable_options()
    {
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(new WebhookOptions { Secret = Secret }));
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(new WebhookOptions { AppId = AppId }));
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(new WebhookOptions { AppId = AppId, Secret = Secret, Tolerance = TimeSpan.Zero }));
        var tooLong = Assert.Throws<ArgumentException>(() => new WebhookVerifier(new WebhookOptions { AppId = AppId, Secret = Secret, Tolerance = TimeSpan.FromMinutes(61) }));
        Assert.Contains("WebhookOptions.Tolerance must be positive and at most 1 hour", tooLong.Message, StringComparison.Ordinal);
        Assert.NotNull(new WebhookVerifier(new WebhookOptions { AppId = AppId, Secret = Secret, Tolerance = WebhookOptions.MaxTolerance }));
        Assert.DoesNotContain(Secret, Options().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddKeySecureWebhooks_registers_a_verifier_using_the_container_clock()
    {
        var time = new TestClock(Now);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddKeySecureWebhooks(o =>
        {
            o.AppId = AppId;
            o.Secret = Secret;
        });
        using var provider = services.BuildServiceProvider();

        var verifier = provider.GetRequiredService<WebhookVerifier>();

        Assert.Same(verifier, provider.GetRequiredService<WebhookVerifier>());
        Assert.True(verifier.Verify(Bytes(AuthBody), Timestamp, Sign(AuthBody), "V1").Succeeded);
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(WebhookFailureReason.StaleTimestamp, verifier.Verify(Bytes(AuthBody), Timestamp, Sign(AuthBody), "V1").Failure);
    }

    [Fact]
    public void FromKeySecureOptions_reuses_the_ApiKey_and_ApiSecret_of_a_registration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new TestClock(Now));
        services.AddKeySecure("merchant-b", o =>
        {
            o.ApiKey = AppId;
            o.ApiSecret = Secret;
        });
        services.AddKeySecureWebhooks(o => o.FromKeySecureOptions("merchant-b"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;
        Assert.Equal(AppId, options.AppId);
        Assert.Equal(Secret, options.Secret);
        Assert.True(provider.GetRequiredService<WebhookVerifier>().Verify(Bytes(AuthBody), Timestamp, Sign(AuthBody), "V1").Succeeded);
    }

    [Fact]
    public void An_explicit_AppId_wins_over_the_registration()
    {
        var services = new ServiceCollection();
        services.AddKeySecure(o =>
        {
            o.ApiKey = "AK_from_registration";
            o.ApiSecret = Secret;
        });
        services.AddKeySecureWebhooks(o => o.FromKeySecureOptions().AppId = "APP_explicit");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;
        Assert.Equal("APP_explicit", options.AppId);
        Assert.Equal(Secret, options.Secret);
    }

    [Fact]
    public void Missing_settings_fail_validation_without_showing_secrets()
    {
        var services = new ServiceCollection();
        services.AddKeySecureWebhooks(o => o.AppId = AppId);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebhookOptions>>().Value);
        Assert.Contains("Secret", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merchant_can_build_events_to_test_its_handlers()
    {
        using var document = System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetBytes(AuthBody));
        var webhookEvent = new KeySecureWebhookEvent("e", WebhookAction.Auth, null, Now, document.RootElement.GetProperty("data"));

        Assert.Equal("CN1001", webhookEvent.AsAuth().ConsumeNo);
        Assert.Equal("CN1001", webhookEvent.RawData.GetProperty("consume_no").GetString());
    }
}
