using System.Text.Json;
using KeySecure.Generated.Webhooks;

namespace KeySecure.Generated.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // Whitespace, an escaped non-ASCII character, a null, an empty string, a nested object whose keys are not sorted,
    // an array, a boolean, an upper-case key and a number with a trailing zero.
    private const string SampleBody = """
        {
          "id": "evt_1",
          "action": "Consumption",
          "data": {
            "consume_no": "C202401",
            "consume_relate_no": null,
            "card_no": "CARD_9",
            "type": "Consumption",
            "amount": 12.50,
            "local_amount": 90,
            "local_currency": "CNY",
            "fee": 0.5,
            "fee_detail": [ { "fee_type": "Auth_fee", "amount": 0.5 } ],
            "remark": "",
            "detail": { "b": 1, "a": "caf\u00e9 <x>", "n": null },
            "status": "Success",
            "time": "2024-01-02 03:04:05",
            "merchant_info": { "merchant_name": "Shop & Co", "merchant_mcc": "5411", "city": "Paris", "country": "FR" },
            "Zeta": true
          }
        }
        """;

    // Written by hand from the rule: sorted by key (ordinal), nulls skipped, strings raw, the rest compact JSON.
    private const string ExpectedCanonical =
        "Zeta=true" +
        "&amount=12.50" +
        "&appId=AK_test_merchant" +
        "&card_no=CARD_9" +
        "&consume_no=C202401" +
        "&detail={\"b\":1,\"a\":\"café <x>\",\"n\":null}" +
        "&fee=0.5" +
        "&fee_detail=[{\"fee_type\":\"Auth_fee\",\"amount\":0.5}]" +
        "&local_amount=90" +
        "&local_currency=CNY" +
        "&merchant_info={\"merchant_name\":\"Shop & Co\",\"merchant_mcc\":\"5411\",\"city\":\"Paris\",\"country\":\"FR\"}" +
        "&remark=" +
        "&status=Success" +
        "&time=2024-01-02 03:04:05" +
        "&timestamp=1700000000000" +
        "&type=Consumption";

    private static JsonElement Data(string body) => JsonDocument.Parse(body).RootElement.GetProperty("data");

    [Fact]
    public void Canonical_text_follows_the_rule()
    {
        var text = WebhookSignature.BuildCanonicalText(WebhookSamples.AppId, WebhookSamples.Timestamp, Data(SampleBody));

        Assert.Equal(ExpectedCanonical, text);
    }

    [Fact]
    public void ComputeHex_equals_openssl_hmac_of_the_independently_built_text()
    {
        // Made once with the openssl command line (no code shared with the SDK), so the test run needs no openssl:
        //   printf '%s' '<ExpectedCanonical>' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef -r
        const string secret = "0123456789abcdef0123456789abcdef";
        const string opensslHex = "eb7a549b49672d5d34df81ce08563193f8e5a12382c04a444b32226cc8aaeae4";

        var hex = WebhookSignature.ComputeHex(WebhookSamples.AppId, WebhookSamples.Timestamp, Data(SampleBody), secret);

        Assert.Equal(opensslHex, hex);
    }

    [Fact]
    public void Keys_are_sorted_ordinally_not_culturally()
    {
        var text = WebhookSignature.BuildCanonicalText("A", "1", Data("""{"data":{"b":"1","B":"2","a_b":"3","ab":"4","_x":"5"}}"""));

        // Ordinal: 'A' < 'B' < '_' < 'a' ... ; "a_b" < "ab" because '_' (0x5F) < 'b' (0x62); "appId" after "ab".
        Assert.Equal("B=2&_x=5&a_b=3&ab=4&appId=A&b=1&timestamp=1", text);
    }

    [Fact]
    public void Null_values_are_skipped_but_empty_strings_and_nested_nulls_are_kept()
    {
        var text = WebhookSignature.BuildCanonicalText("A", "1", Data("""{"data":{"x":null,"y":"","z":{"n":null},"w":[null]}}"""));

        Assert.Equal("appId=A&timestamp=1&w=[null]&y=&z={\"n\":null}", text);
    }

    [Fact]
    public void Non_string_values_are_compact_json_whatever_the_input_formatting()
    {
        var spaced = Data("""{"data":{"o":{ "k" : [ 1 , 2.0 , true , false ] , "s" : "a\"b\\c\u00e9\n" },"n": -1.5e3 ,"t":true,"f":false}}""");
        var tight = Data("{\"data\":{\"o\":{\"k\":[1,2.0,true,false],\"s\":\"a\\\"b\\\\cé\\n\"},\"n\":-1.5e3,\"t\":true,\"f\":false}}");

        var expected = "appId=A&f=false&n=-1.5e3&o={\"k\":[1,2.0,true,false],\"s\":\"a\\\"b\\\\cé\\n\"}&t=true&timestamp=1";
        Assert.Equal(expected, WebhookSignature.BuildCanonicalText("A", "1", spaced));
        Assert.Equal(expected, WebhookSignature.BuildCanonicalText("A", "1", tight));
    }

    [Fact]
    public void String_values_are_raw_and_unescaped()
    {
        var text = WebhookSignature.BuildCanonicalText("A", "1", Data("""{"data":{"s":"caf\u00e9 \"q\" a&b=c"}}"""));

        Assert.Equal("appId=A&s=café \"q\" a&b=c&timestamp=1", text);
    }

    [Fact]
    public void Id_and_action_are_not_signed()
    {
        var one = WebhookSamples.Sign("""{"id":"1","action":"Auth","data":{"a":"x"}}""");
        var other = WebhookSamples.Sign("""{"id":"2","action":"Consumption","data":{"a":"x"}}""");

        Assert.Equal(one, other);
    }

    [Fact]
    public void Missing_or_null_data_signs_only_appId_and_timestamp()
    {
        Assert.Equal("appId=A&timestamp=1", WebhookSignature.BuildCanonicalText("A", "1", default));
        Assert.Equal("appId=A&timestamp=1", WebhookSignature.BuildCanonicalText("A", "1", JsonDocument.Parse("null").RootElement));
        Assert.Throws<ArgumentException>(() => WebhookSignature.BuildCanonicalText("A", "1", JsonDocument.Parse("[1]").RootElement));
    }

    [Fact]
    public void Signature_is_lowercase_hex_of_hmac_sha256()
    {
        var hex = WebhookSignature.ComputeHex("A", "1", default, "key");

        // HMAC-SHA256("key", "appId=A&timestamp=1"), computed with: printf 'appId=A&timestamp=1' | openssl dgst -sha256 -hmac key
        Assert.Equal("82422b46ed04abb9f373762141395c827f26a039f27254f1fb690cedc3c123ff", hex);
    }
}
