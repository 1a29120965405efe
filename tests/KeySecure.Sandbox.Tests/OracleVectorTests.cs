using System.Text.Json;
using KeySecure.Sandbox.Rules;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// The sandbox's own implementations of the provider's rules, each pinned to a vector that comes from neither the
/// sandbox nor the SDK: OpenSSL's output (the command is beside each constant) or an example worked by hand. The
/// lifecycle tests then check the SDK against an oracle that was checked on its own.
/// </summary>
public sealed class OracleVectorTests
{
    private const string Secret128 = "sandbox-secret16";
    private const string Secret256 = "0123456789abcdef0123456789abcdef";

    public static TheoryData<string, string, string> AesVectors => new()
    {
        // echo -n '<plaintext>' | openssl enc -aes-128-ecb -K $(echo -n sandbox-secret16 | xxd -p) -base64 -A
        { Secret128, """{"card_no":"C1","pan":"4111111111111111","cvv":"123"}""", "FWDx5eSeEoUduyQJ02jh5pOXqRnd1GKIuqq/3m80dtfUmabyAOcXRvBztCdzT0snGE2sWSoWi2FYh9Ul1lRZTw==" },
        { Secret128, "135790", "AE8d0HZpx6weec7wXquH1Q==" },
        // echo -n 246802 | openssl enc -aes-256-ecb -K $(echo -n 0123456789abcdef0123456789abcdef | xxd -p -c 64) -base64 -A
        { Secret256, "246802", "Df+cBbGswyO9ZL8gnHweGQ==" },
    };

    [Theory]
    [MemberData(nameof(AesVectors))]
    public void Aes_ecb_matches_openssl_both_ways(string secret, string plaintext, string ciphertext)
    {
        using var aes = new SandboxAesEcb(secret);

        Assert.Equal(ciphertext, aes.Encrypt(plaintext));
        Assert.Equal(plaintext, aes.TryDecrypt(ciphertext));
    }

    [Theory]
    [InlineData("AE8d0HZpx6weec7wXquH1Q")] // not Base64 (padding cut)
    [InlineData("AE8d0HZpx6weec7w")] // 12 bytes: not a whole block
    [InlineData("")]
    public void Aes_ecb_refuses_what_is_not_whole_blocks_of_base64(string text)
    {
        using var aes = new SandboxAesEcb(Secret128);

        Assert.Null(aes.TryDecrypt(text));
    }

    [Fact]
    public void Aes_ecb_under_another_key_does_not_decrypt()
    {
        using var aes = new SandboxAesEcb("another-secret16");

        Assert.NotEqual("135790", aes.TryDecrypt("AE8d0HZpx6weec7wXquH1Q=="));
    }

    [Fact]
    public void Aes_key_must_be_an_aes_key_length()
    {
        Assert.Throws<ArgumentException>(() => new SandboxAesEcb("fifteen-bytes!!"));
    }

    /// <summary>Members in arrival order, a null (skipped), an empty string (kept), a number and a nested object.</summary>
    private const string WebhookData = """{"status":"Pending","card_no":"C1","amount":42.75,"remark":"","fee":null,"merchant_info":{"merchant_name":"Café Ü","city":"Oslo"}}""";

    /// <summary>Worked by hand: ordinal key order, fee dropped, the object as sent, non-ASCII as itself.</summary>
    private const string WebhookCanonicalText =
        """amount=42.75&appId=AK_sandbox&card_no=C1&merchant_info={"merchant_name":"Café Ü","city":"Oslo"}&remark=&status=Pending&timestamp=1717171717171""";

    [Fact]
    public void Webhook_canonical_text_matches_the_hand_worked_example()
    {
        using var data = JsonDocument.Parse(WebhookData);

        Assert.Equal(WebhookCanonicalText, SandboxWebhookSigner.CanonicalText("AK_sandbox", "1717171717171", data.RootElement));
    }

    [Fact]
    public void Webhook_signature_matches_openssl()
    {
        using var data = JsonDocument.Parse(WebhookData);

        // printf '%s' '<canonical text above>' | openssl dgst -sha256 -hmac sandbox-secret16 -r
        Assert.Equal("94eaf74972cae8e7bf33f7aca79053b34f45ba924bc8bd47d4182eb55b6c9bba",
            SandboxWebhookSigner.Sign("AK_sandbox", "1717171717171", data.RootElement, Secret128));
    }

    [Theory]
    [InlineData("135790")] // no step of one anywhere
    [InlineData("986420")] // steps of two are allowed
    [InlineData("102938")]
    [InlineData("556677")] // pairs repeat, never three
    [InlineData("121212")] // up, down, up: never two equal steps
    public void A_pin_the_rule_accepts(string pin)
    {
        Assert.Null(SandboxPinRules.Problem(pin));
    }

    [Theory]
    [InlineData("123580", "consecutive")] // 1-2-3 at the start
    [InlineData("904321", "consecutive")] // 4-3-2 descending, in the middle
    [InlineData("890123", "consecutive")] // 0-1-2, after a 9-0 that is not a step of one
    [InlineData("558889", "identical")] // 8-8-8
    [InlineData("000000", "identical")]
    [InlineData("12345", "6 digits")]
    [InlineData("1234567", "6 digits")]
    [InlineData("13579a", "6 digits")]
    [InlineData("１３５７９０", "6 digits")] // full-width digits are not ASCII digits
    public void A_pin_the_rule_refuses(string pin, string reason)
    {
        Assert.Contains(reason, SandboxPinRules.Problem(pin));
    }
}
