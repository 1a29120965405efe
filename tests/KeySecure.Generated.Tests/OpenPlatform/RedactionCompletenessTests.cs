namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>Named values are masked in every form they may take, and logged paths carry no identifiers.</summary>
public sealed class RedactionCompletenessTests
{
    [Theory]
    [InlineData("""{"cvv":["123"]}""", "123")]
    [InlineData("""{"cvv": [ "123", "456" ]}""", "456")]
    [InlineData("""{"pin":[135792]}""", "135792")]
    [InlineData("""{"cvv":123}""", "123")]
    [InlineData("cvv 123", "123")]
    [InlineData("the CVV is 987, retry", "987")]
    [InlineData("pin=135792&x=1", "135792")]
    [InlineData("wrong pin 135792 for card C1", "135792")]
    [InlineData("card_no C1790000000101 rejected", "C1790000000101")]
    [InlineData("Access-Token: tok-77-abc", "tok-77-abc")]
    public void A_sensitive_value_is_masked_in_every_form(string text, string secret)
    {
        var redacted = Redaction.Redact(text);

        Assert.DoesNotContain(secret, redacted);
        Assert.Contains(Redaction.Mask, redacted);
    }

    [Theory]
    [InlineData("""{"transfer_no":"T1","before_balance":"12.50"}""")]
    [InlineData("status Activated at 2024-05-01")]
    public void Text_without_sensitive_names_is_left_alone(string text)
    {
        Assert.Equal(text, Redaction.Redact(text));
    }

    [Theory]
    [InlineData("/open-api/v1/card/C1790000000101/detail", "/open-api/v1/card/***/detail")]
    [InlineData("/open-api/v1/card/consume/CN20240501/info", "/open-api/v1/card/consume/***/info")]
    [InlineData("/open-api/v1/merchant/token", "/open-api/v1/merchant/token")]
    [InlineData("/amsin/api/v2/business/worldcard/queryCardSensitiveInfo", "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo")]
    public void Logged_paths_show_no_card_or_other_numbers(string path, string logged)
    {
        Assert.Equal(logged, Redaction.RedactPath(path));
    }

    [Fact]
    public async Task The_log_line_of_a_card_call_does_not_name_the_card()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Support.FakeProvider.Envelope("""{"card_no":"C1790000000101","status":"Activated"}""")));

        await harness.Cards.GetCardDetailAsync("C1790000000101", TestContext.Current.CancellationToken);

        Assert.Contains("/card/***/detail", harness.Logs.AllText);
        Assert.DoesNotContain("C1790000000101", harness.Logs.AllText);
    }
}
