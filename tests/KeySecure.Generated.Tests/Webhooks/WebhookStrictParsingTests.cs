using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Tests.Support;
using KeySecure.Generated.Webhooks;
using static KeySecure.Generated.Tests.Webhooks.WebhookSamples;

namespace KeySecure.Generated.Tests.Webhooks;

/// <summary>What the verifier refuses before any handler sees it: repeated properties and data that does not fit its action.</summary>
public sealed class WebhookStrictParsingTests
{
    private static WebhookVerificationResult Verify(string body, string? signature = null) =>
        Verifier().Verify(Bytes(body), Timestamp, signature ?? Sign(body), "V1");

    private static string Relabel(string body, string from, string to)
    {
        var relabelled = body.Replace($"\"action\":\"{from}\"", $"\"action\":\"{to}\"", StringComparison.Ordinal);
        Assert.NotEqual(body, relabelled);
        return relabelled;
    }

    [Fact]
    public void Appending_a_null_status_keeps_the_signature_valid_but_is_refused_as_a_repeated_property()
    {
        // Nulls are not signed, so the original signature still matches the body with the extra pair.
        var tampered = ConsumptionBody.Replace("\"status\":\"Success\"", "\"status\":\"Success\",\"status\":null", StringComparison.Ordinal);
        Assert.NotEqual(ConsumptionBody, tampered);

        var result = Verify(tampered, Sign(ConsumptionBody));

        Assert.Equal(WebhookFailureReason.DuplicateProperty, result.Failure);
        Assert.Equal("data.status appears more than once", result.Detail);
        Assert.Contains("DuplicateProperty", Assert.Throws<KeySecureWebhookException>(() => result.GetEventOrThrow()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"1","action":"Card_update","action":"Auth","data":{"card_no":"C","after_status":"Frozen"}}""", "action")]
    [InlineData("""{"id":"1","action":"Card_update","data":{"card_no":"C","after_status":"Frozen","card_no":"D"}}""", "data.card_no")]
    [InlineData("""{"id":"1","action":"Card_update","data":{"card_no":"C","after_status":"Frozen","x":{"a":1,"a":2}}}""", "data.x.a")]
    [InlineData("""{"id":"1","action":"Card_update","data":{"card_no":"C","after_status":"Frozen","x":[{},{"b":1,"b":1}]}}""", "data.x[1].b")]
    [InlineData("""{"id":"1","action":"Card_update","data":{"card_no":"C","after_status":"Frozen","after_st\u0061tus":"Activated"}}""", "data.after_status")]
    public void A_repeated_property_anywhere_is_refused_with_its_path(string body, string path)
    {
        var result = Verify(body);

        Assert.Equal(WebhookFailureReason.DuplicateProperty, result.Failure);
        Assert.Equal($"{path} appears more than once", result.Detail);
    }

    [Fact]
    public void A_repeated_property_name_is_shown_as_printable_ascii_only()
    {
        var body = "{\"id\":\"1\",\"action\":\"X\",\"data\":{\"a\\nb'\":1,\"a\\nb'\":2}}";

        Assert.Equal("data.a?b? appears more than once", Verify(body).Detail);
    }

    [Theory]
    [InlineData("Consumption", "Auth", "Auth status must be Pending")]
    [InlineData("Consumption", "Card_update", "Card_update data lacks after_status")]
    public void A_signed_Consumption_relabelled_is_refused(string from, string to, string detail)
    {
        var result = Verify(Relabel(ConsumptionBody, from, to), Sign(ConsumptionBody));

        Assert.Equal(WebhookFailureReason.DataDoesNotFitAction, result.Failure);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void A_signed_Card_update_relabelled_Consumption_is_refused()
    {
        var result = Verify(Relabel(CardUpdateBody, "Card_update", "Consumption"), Sign(CardUpdateBody));

        Assert.Equal(WebhookFailureReason.DataDoesNotFitAction, result.Failure);
        Assert.Equal("Consumption data lacks consume_no", result.Detail);
    }

    [Fact]
    public void A_signed_Auth_relabelled_Card_update_is_refused()
    {
        var result = Verify(Relabel(AuthBody, "Auth", "Card_update"), Sign(AuthBody));

        Assert.Equal(WebhookFailureReason.DataDoesNotFitAction, result.Failure);
    }

    [Fact]
    public void An_Auth_whose_status_is_not_Pending_is_refused()
    {
        var body = AuthBody.Replace("\"status\":\"Pending\"", "\"status\":\"Success\"", StringComparison.Ordinal);

        var result = Verify(body);

        Assert.Equal(WebhookFailureReason.DataDoesNotFitAction, result.Failure);
        Assert.Equal("Auth status must be Pending", result.Detail);
    }

    [Fact]
    public void Properties_the_action_does_not_document_are_accepted_and_named_in_the_log_without_their_values()
    {
        var logs = new CapturingLoggerProvider();
        var verifier = new WebhookVerifier(Options(), new TestClock(Now)) { Logger = logs.CreateLogger("test") };
        // after_status is a Card_update field; loyalty_points is in no documented list.
        var body = ConsumptionBody.Replace("\"status\":\"Success\"", "\"status\":\"Success\",\"after_status\":\"Value-After\",\"loyalty_points\":\"Value-Points\"", StringComparison.Ordinal);
        Assert.NotEqual(ConsumptionBody, body);

        var result = verifier.Verify(Bytes(body), Timestamp, Sign(body), "V1");

        Assert.True(result.Succeeded, result.ToString());
        var line = Assert.Single(logs.Entries);
        Assert.Contains("Consumption evt_cons_1 carries properties its action does not document (after_status, loyalty_points)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Value-", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_documented_data_carries_no_undocumented_property_report()
    {
        var logs = new CapturingLoggerProvider();
        var verifier = new WebhookVerifier(Options(), new TestClock(Now)) { Logger = logs.CreateLogger("test") };

        Assert.True(verifier.Verify(Bytes(ConsumptionBody), Timestamp, Sign(ConsumptionBody), "V1").Succeeded);
        Assert.Empty(logs.Entries);
    }

    [Theory]
    [InlineData("a&b")]
    [InlineData("status=Fail")]
    public void A_data_key_with_an_ampersand_or_equals_sign_is_refused_as_ambiguous(string key)
    {
        // {"card_no":"C","after_status":"Frozen","a&b":"1"} signs as ...&a&b=1&...: readable as other pairs.
        var body = CardUpdateBody.Replace("\"reason\":\"risk\"", $"\"reason\":\"risk\",\"{key}\":\"1\"", StringComparison.Ordinal);
        Assert.NotEqual(CardUpdateBody, body);

        var result = Verify(body);

        Assert.Equal(WebhookFailureReason.MalformedBody, result.Failure);
        Assert.Equal($"data key {key.Replace('&', '?')} contains & or =, which makes the signed text ambiguous", result.Detail);
    }

    [Fact]
    public void A_null_valued_property_is_unsigned_and_so_counts_as_absent()
    {
        // consume_relate_no is null in the sample Consumption; as an Auth it would be foreign, but null is not signed content.
        var auth = AuthBody.Replace("\"status\":\"Pending\"", "\"status\":\"Pending\",\"fee_detail\":null", StringComparison.Ordinal);
        Assert.True(Verify(auth).Succeeded);

        var lacking = CardUpdateBody.Replace("\"after_status\":\"Frozen\"", "\"after_status\":null", StringComparison.Ordinal);
        Assert.Equal("Card_update data lacks after_status", Verify(lacking).Detail);
    }

    [Fact]
    public void An_unknown_action_has_no_shape_to_check()
    {
        var result = Verify(Relabel(CardUpdateBody, "Card_update", "Card_renewed"), Sign(CardUpdateBody));

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void The_delivery_key_comes_from_signed_content_only()
    {
        var first = Verify(ConsumptionBody).GetEventOrThrow();
        var newId = Verify(ConsumptionBody.Replace("evt_cons_1", "evt_cons_other", StringComparison.Ordinal)).GetEventOrThrow();
        var newTimestamp = Verifier().Verify(Bytes(ConsumptionBody), "1700000000001", Sign(ConsumptionBody, "1700000000001"), "V1").GetEventOrThrow();

        Assert.Equal("V1:" + Sign(ConsumptionBody), first.DeliveryKey);
        Assert.Equal(first.DeliveryKey, newId.DeliveryKey);
        Assert.NotEqual(first.DeliveryKey, newTimestamp.DeliveryKey);
        Assert.Equal(string.Empty, new WebhookVerifier(Options(), new Support.TestClock(Now)) { RegistrationName = string.Empty }
            .Verify(Bytes(ConsumptionBody), Timestamp, Sign(ConsumptionBody), "V1").GetEventOrThrow().RegistrationName);
    }
}
