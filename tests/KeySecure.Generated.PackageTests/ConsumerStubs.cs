using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Generated.PackageTests;

/// <summary>The provider answers the consumer program expects, loaded into WireMock.</summary>
internal static class ConsumerStubs
{
    // AES-128-ECB (key "0123456789abcdef") of {"card_no":"C202605220001",...,"pan":"4111111111111111","exp_year":"29","exp_month":"07"},
    // made with: openssl enc -aes-128-ecb -K $(echo -n 0123456789abcdef | xxd -p) -base64 -A
    private const string PrivateInfo = "G3rwca6E2HxuJsPrbZLFiEcA/gvAyc/4Nr2Zvtac2DhYwQKr+43a76b/VakPyUeFN0CZ4h6/pLRA/EI3dglnTVmkWcV17jX4bWpSjmMvaA/NivxZuTavnAQWa3e6UD5vGmxdmrdQnuaOStLJ35XdZ4zFgudWHIWZijC0onvPV+E=";

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
