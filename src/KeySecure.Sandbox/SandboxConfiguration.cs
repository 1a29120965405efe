using System.Globalization;

namespace KeySecure.Sandbox;

/// <summary>
/// The configuration keys and values that point the SDK's registrations at a sandbox (<see cref="SandboxServer.Configuration"/>).
/// The sandbox references no SDK assembly, so the keys are the SDK's documented section and option names, written here.
/// </summary>
internal static class SandboxConfiguration
{
    public static IReadOnlyDictionary<string, string?> For(Uri baseAddress, SandboxCredentials credentials)
    {
        var address = baseAddress.ToString();
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["KeySecure:BaseAddress"] = address,
            ["KeySecure:ApiKey"] = credentials.ApiKey,
            ["KeySecure:ApiSecret"] = credentials.ApiSecret,
            ["WorldFirst:BaseAddress"] = address,
            ["WorldFirst:ClientId"] = credentials.WorldFirstClientId,
            ["WorldFirst:PrivateKeyPem"] = credentials.MerchantPrivateKeyPem,
            ["WorldFirst:WorldFirstPublicKeyPem"] = credentials.WorldFirstPublicKeyPem,
            ["WorldFirst:KeyVersion"] = credentials.KeyVersion.ToString(CultureInfo.InvariantCulture),
        };
    }
}
