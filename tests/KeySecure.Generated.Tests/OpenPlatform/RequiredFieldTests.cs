using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

public class RequiredFieldTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_missing_a_required_field_fails_before_the_network_naming_the_field()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("""{"card_no":"C1"}""")));

        var error = await Assert.ThrowsAsync<KeySecureValidationException>(() => harness.Cards.ApplyCardAsync(
            new ApplyCardRequest { CardholderNo = null!, CardUniqueNo = "u-1", CardBinNo = "B1", CardType = CardType.Virtual }, Ct));

        Assert.Equal("cardholder_no", error.Field);
        Assert.Contains("Nothing was sent", error.Message);
        Assert.Empty(harness.Provider.Requests);
    }

    [Fact]
    public async Task A_nested_object_missing_a_required_field_is_named_by_its_path()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("""{"card_no":"C1"}""")));

        var error = await Assert.ThrowsAsync<KeySecureValidationException>(() => harness.Cards.ApplyCardAsync(new ApplyCardRequest
        {
            CardholderNo = "U1",
            CardUniqueNo = "u-2",
            PackageNo = "P1",
            CardType = CardType.Physical,
            AddressInfo = new AddressInfo { PostalCode = "10001", Country = "US", State = "NY", City = null!, AddressLine1 = "1 Main St" },
        }, Ct));

        Assert.Equal("address_info.city", error.Field);
        Assert.Empty(harness.Provider.Requests);
    }

    [Fact]
    public void A_response_missing_a_required_field_is_still_read()
    {
        // `result` is required by the WorldFirst spec; a provider that omits it must not turn into a deserialization failure.
        var info = JsonDefaults.Deserialize<KeySecure.Generated.WorldFirst.CardSensitiveInfo>("""{"assetId":"A1"}""", JsonDefaults.Options);

        Assert.NotNull(info);
        Assert.Equal("A1", info.AssetId);
    }
}
