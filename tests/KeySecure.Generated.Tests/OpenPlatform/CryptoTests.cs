using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform.Crypto;

namespace KeySecure.Generated.Tests.OpenPlatform;

public class CryptoTests
{
    // Vectors produced by OpenSSL, an independent implementation:
    //   echo -n 123456 | openssl enc -aes-128-ecb -K $(echo -n 0123456789abcdef | xxd -p) -base64
    //   echo -n 321 | openssl enc -aes-256-ecb -K $(echo -n 0123456789abcdef0123456789abcdef | xxd -p -c 64) -base64
    private const string Pin123456Aes128 = "D89D/OvFrItmxI9ct8JbAg==";
    private const string Cvv321Aes256 = "j0USo2W5x/d3rzA2kzY+/Q==";

    [Fact]
    public void Encrypt_matches_openssl_aes_128_ecb_pkcs7()
    {
        using var cipher = new AesEcbCipher("0123456789abcdef");
        Assert.Equal(Pin123456Aes128, cipher.Encrypt("123456"));
    }

    [Fact]
    public void Encrypt_matches_openssl_aes_256_ecb_pkcs7()
    {
        using var cipher = new AesEcbCipher("0123456789abcdef0123456789abcdef");
        Assert.Equal(Cvv321Aes256, cipher.Encrypt("321"));
    }

    [Fact]
    public void Decrypt_round_trips_and_reads_openssl_output()
    {
        using var cipher = new AesEcbCipher("0123456789abcdef");
        Assert.Equal("123456", System.Text.Encoding.UTF8.GetString(cipher.Decrypt(Pin123456Aes128, "Test")));
        var roundTrip = cipher.Decrypt(cipher.Encrypt("{\"pan\":\"4111111111111111\"}"), "Test");
        Assert.Equal("{\"pan\":\"4111111111111111\"}", System.Text.Encoding.UTF8.GetString(roundTrip));
    }

    [Fact]
    public void Wrong_key_gives_a_crypto_error_naming_the_operation_without_data()
    {
        using var wrong = new AesEcbCipher("fedcba9876543210");
        var error = Assert.Throws<KeySecureCryptoException>(() => wrong.Decrypt(Pin123456Aes128, "GetCardPrivateInfo"));
        Assert.Contains("GetCardPrivateInfo", error.Message);
        Assert.DoesNotContain(Pin123456Aes128, error.Message);
        Assert.DoesNotContain("123456", error.Message);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")] // 3 bytes: not a whole block
    public void Corrupted_ciphertext_gives_a_crypto_error(string ciphertext)
    {
        using var cipher = new AesEcbCipher("0123456789abcdef");
        var error = Assert.Throws<KeySecureCryptoException>(() => cipher.Decrypt(ciphertext, "GetCardPrivateInfo"));
        Assert.Equal("GetCardPrivateInfo", error.OperationId);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789abcdef0")] // 17 bytes
    [InlineData("ключключключ")] // 12 characters, 24 bytes: accepted (UTF-8 length counts)
    public void Key_length_is_checked_in_utf8_bytes(string secret)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(secret);
        if (bytes is 16 or 24 or 32)
        {
            using var cipher = new AesEcbCipher(secret);
            Assert.NotEmpty(cipher.Encrypt("1"));
        }
        else
        {
            Assert.Throws<ArgumentException>(() => new AesEcbCipher(secret));
        }
    }

    [Fact]
    public async Task Concurrent_use_of_one_cipher_is_safe()
    {
        using var cipher = new AesEcbCipher("0123456789abcdef");
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => cipher.Encrypt("123456"))));
        Assert.All(results, r => Assert.Equal(Pin123456Aes128, r));
    }

    [Theory]
    [InlineData("123456", "consecutive")]
    [InlineData("654321", "consecutive")]
    [InlineData("111222", "identical")]
    [InlineData("12a456", "6 digits")]
    [InlineData("12345", "6 digits")]
    [InlineData("1234567", "6 digits")]
    [InlineData("901234", "consecutive")]
    [InlineData("", "6 digits")]
    public void Weak_or_malformed_pins_are_rejected(string pin, string reason)
    {
        var problem = PlaintextFieldRules.PinProblem(pin);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("135792")]
    [InlineData("902468")]
    [InlineData("112233")]
    [InlineData("121212")]
    public void Acceptable_pins_pass(string pin) => Assert.Null(PlaintextFieldRules.PinProblem(pin));

    [Theory]
    [InlineData("12")]
    [InlineData("1234")]
    [InlineData("12a")]
    public void Cvv_must_be_three_digits(string cvv)
    {
        var error = Assert.Throws<KeySecureValidationException>(() => PlaintextFieldRules.Validate("cvv", cvv, "ActivateCard"));
        Assert.Equal("cvv", error.Field);
        Assert.DoesNotContain(cvv, error.Message.Replace("'cvv'", string.Empty));
    }
}
