using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Crypto;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

public class EncryptionFlowTests
{
    // openssl enc -aes-128-ecb -K $(echo -n 0123456789abcdef | xxd -p) -base64 -A over the private-info JSON
    // {"card_no":"C202605220001","card_unique_no":"U-1","cvv":"987","pan":"4111111111111111","exp_year":"29","exp_month":"07"}
    private const string PrivateInfoCiphertext = "G3rwca6E2HxuJsPrbZLFiEcA/gvAyc/4Nr2Zvtac2DhYwQKr+43a76b/VakPyUeFN0CZ4h6/pLRA/EI3dglnTVmkWcV17jX4bWpSjmMvaA/NivxZuTavnAQWa3e6UD5vGmxdmrdQnuaOStLJ35XdZ4zFgudWHIWZijC0onvPV+E=";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Private_info_arrives_decrypted_and_typed()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope($"\"{PrivateInfoCiphertext}\"")));

        var info = await harness.Cards.GetCardPrivateInfoAsync("C202605220001", Ct);

        Assert.Equal("4111111111111111", info.Pan);
        Assert.Equal("987", info.Cvv);
        Assert.Equal("07", info.ExpMonth);
        Assert.Equal("29", info.ExpYear);
        Assert.Equal("C202605220001", info.CardNo);
    }

    [Fact]
    public async Task Private_info_under_a_different_secret_is_a_crypto_error_naming_the_operation()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope($"\"{PrivateInfoCiphertext}\"")),
            o => o.ApiSecret = "fedcba9876543210");

        var error = await Assert.ThrowsAsync<KeySecureCryptoException>(() => harness.Cards.GetCardPrivateInfoAsync("C1", Ct));

        Assert.Equal("GetCardPrivateInfo", error.OperationId);
        Assert.DoesNotContain(PrivateInfoCiphertext, error.ToString());
    }

    [Fact]
    public async Task A_ciphertext_that_our_key_opens_with_valid_padding_but_not_to_JSON_is_a_crypto_error()
    {
        // What a wrong key produces one time in 256: a last byte of 0x01, so the padding checks out, over bytes that
        // are no JSON. Built by encrypting that block under the merchant's key without padding.
        byte[] block = [.. "not JSON at all"u8, 0x01];
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = System.Text.Encoding.UTF8.GetBytes(KeySecureHarness.ApiSecret);
        var ciphertext = Convert.ToBase64String(aes.EncryptEcb(block, System.Security.Cryptography.PaddingMode.None));
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope($"\"{ciphertext}\"")));

        var error = await Assert.ThrowsAsync<KeySecureCryptoException>(() => harness.Cards.GetCardPrivateInfoAsync("C1", Ct));

        Assert.Contains("not JSON", error.Message);
        Assert.Equal("GetCardPrivateInfo", error.OperationId);
        Assert.DoesNotContain(ciphertext, error.ToString());
    }

    [Theory]
    [InlineData("""{"pan":"4111111111111111","cvv":"987"}""")]
    [InlineData("4111111111111111")]
    [InlineData("""["4111111111111111"]""")]
    [InlineData("true")]
    public async Task Data_that_is_not_a_string_where_a_ciphertext_is_expected_is_a_crypto_error_without_the_data(string data)
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope(data)));

        var error = await Assert.ThrowsAsync<KeySecureCryptoException>(() => harness.Cards.GetCardPrivateInfoAsync("C1", Ct));

        Assert.Contains("should be an encrypted string", error.Message);
        Assert.Equal("GetCardPrivateInfo", error.OperationId);
        Assert.DoesNotContain("4111111111111111", error.ToString());
    }

    [Fact]
    public async Task Pci_not_enabled_is_code_1013()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Error(1013, "PCI not enabled")));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Cards.GetCardPrivateInfoAsync("C1", Ct));

        Assert.Equal(1013, error.Code);
        Assert.Equal("PCI not enabled", error.Meaning);
    }

    [Fact]
    public async Task The_pin_is_sent_encrypted_and_decrypts_to_what_the_caller_passed()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("""{"result":true}""")));

        var result = await harness.Cards.SetCardPinAsync(new SetCardPinRequest { CardNo = "C1", CardholderNo = "U1", Pin = "135792" }, Ct);

        Assert.True(result.Result);
        var sent = harness.Provider.Requests.Single(r => r.Path.EndsWith("/card/pin/set"));
        Assert.DoesNotContain("135792", sent.Body);
        var pin = System.Text.Json.JsonDocument.Parse(sent.Body).RootElement.GetProperty("pin").GetString()!;
        using var cipher = new AesEcbCipher(KeySecureHarness.ApiSecret);
        Assert.Equal("135792", System.Text.Encoding.UTF8.GetString(cipher.Decrypt(pin, null)));
        Assert.Contains("\"card_no\":\"C1\"", sent.Body);
    }

    [Fact]
    public async Task The_cvv_is_sent_encrypted_on_activation()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("""{"result":true}""")));

        await harness.Cards.ActivateCardAsync(new ActivateCardRequest { CardNo = "C1", CardholderNo = "U1", Cvv = "321", CardLastNo = "4242" }, Ct);

        var sent = harness.Provider.Requests.Single(r => r.Path.EndsWith("/card/active"));
        var cvv = System.Text.Json.JsonDocument.Parse(sent.Body).RootElement.GetProperty("cvv").GetString()!;
        Assert.NotEqual("321", cvv);
        using var cipher = new AesEcbCipher(KeySecureHarness.ApiSecret);
        Assert.Equal("321", System.Text.Encoding.UTF8.GetString(cipher.Decrypt(cvv, null)));
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("654321")]
    [InlineData("111222")]
    [InlineData("12a456")]
    public async Task A_weak_pin_fails_before_the_network(string pin)
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("""{"result":true}""")));

        var error = await Assert.ThrowsAsync<KeySecureValidationException>(() =>
            harness.Cards.SetCardPinAsync(new SetCardPinRequest { CardNo = "C1", CardholderNo = "U1", Pin = pin }, Ct));

        Assert.Equal("pin", error.Field);
        Assert.DoesNotContain(pin, error.Message);
        Assert.Empty(harness.Provider.Requests);
    }

    [Fact]
    public async Task A_missing_cvv_fails_before_the_network()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("""{"result":true}""")));

        await Assert.ThrowsAsync<KeySecureValidationException>(() =>
            harness.Cards.ActivateCardAsync(new ActivateCardRequest { CardNo = "C1", CardholderNo = "U1", Cvv = null!, CardLastNo = "4242" }, Ct));

        Assert.Empty(harness.Provider.Requests);
    }
}
