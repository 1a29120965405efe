using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Generated.PackageTests;

/// <summary>The provider answers the consumer program expects, loaded into WireMock.</summary>
internal static class ConsumerStubs
{
    // AES-128-ECB (key "ks-test-secret16", the contract tests' TestData.ApiSecret, so the stubs' wire check can decrypt it) of
    // {"card_no":"C202605220001",...,"pan":"4111111111111111","exp_year":"29","exp_month":"07"},
    // made with: openssl enc -aes-128-ecb -K $(echo -n ks-test-secret16 | xxd -p) -base64 -A
    private const string PrivateInfo = "1Grv4df0gom8WgWzwsl/dJHeOY4X9ZPk4qnOs4Qd1F09jMbz0J36+ZHUkPN/VXHECY5bC2YNQPcAiI38w+BTfTxQ/cSUe3va/wQWYp4zcF05mYwuntRG2w/aI2qdU3SjY88tGDsnJVodiKpaCoEarY42DZ3ff50mbyx1W2tTRTo=";

    public static async Task LoadAsync(WireMockAdmin admin)
    {
        await admin.ResetAsync();
        var expiry = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeMilliseconds();
        await admin.AddMappingAsync(Stubs.KeySecure("GET", "/merchant/token",
            Stubs.Envelope(0, "Success", new JsonObject { ["access_token"] = "tok-consumer", ["expired_time"] = expiry })));
        await admin.AddMappingAsync(Stubs.KeySecure("GET", "/card/C1/detail",
            Stubs.Envelope(0, "Success", new JsonObject { ["card_no"] = "C1", ["status"] = "Activated", ["card_type"] = "Virtual" })));
        await admin.AddMappingAsync(Stubs.KeySecure("GET", "/card/C1/private/info", Stubs.Envelope(0, "Success", PrivateInfo)));
        await admin.AddMappingAsync(Stubs.KeySecure("POST", "/card/apply", Stubs.Envelope(2002, "cardholder_no does not exist")));
    }

    /// <summary>What the consumer program prints when every check behaves.</summary>
    public static readonly string[] ExpectedLines =
    [
        "detail C1 Activated known=True",
        "private-info last4=1111 exp=07/29",
        "validation pin",
        "api 2002 Cardholder does not exist",
        "consumer done",
    ];

    /// <summary>The non-empty lines the consumer program printed.</summary>
    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
