using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Checks <see cref="WorldFirstOptions"/> at start-up (registered with <c>ValidateOnStart</c>) so that a bad key or a
/// missing Client ID stops the application instead of failing the first card query. Messages name the setting only.
/// </summary>
internal sealed class WorldFirstOptionsValidator : IValidateOptions<WorldFirstOptions>
{
    private static string Name(string property) => $"{WorldFirstOptions.SectionName}:{property}";

    public ValidateOptionsResult Validate(string? name, WorldFirstOptions options)
    {
        var failures = new List<string>();

        ValidateGateway(options, failures);

        if (string.IsNullOrWhiteSpace(options.ClientId))
            failures.Add($"{Name(nameof(WorldFirstOptions.ClientId))} is required.");
        else if (!IsHeaderSafe(options.ClientId))
            failures.Add($"{Name(nameof(WorldFirstOptions.ClientId))} must be printable ASCII without spaces (it is a header and part of the signed text).");

        if (options.ConnectedAccountId is { Length: > 0 } connected && !IsHeaderSafe(connected))
            failures.Add($"{Name(nameof(WorldFirstOptions.ConnectedAccountId))} must be printable ASCII without spaces (it is a header).");

        if (options.AccessToken is { Length: > 0 } accessToken && !IsHeaderSafe(accessToken))
            failures.Add($"{Name(nameof(WorldFirstOptions.AccessToken))} must be printable ASCII without spaces (it is a header).");

        // No default: the version is the one WorldFirst registered for the merchant's key, and a wrong one fails every call.
        if (options.KeyVersion is null)
            failures.Add($"{Name(nameof(WorldFirstOptions.KeyVersion))} is required: the keyVersion WorldFirst registered for the merchant's public key (sent in the Signature header).");
        else if (options.KeyVersion < 1)
            failures.Add($"{Name(nameof(WorldFirstOptions.KeyVersion))} must be 1 or greater.");

        if (KeySecure.Generated.Http.ResponseBody.ValidateLimit(Name(nameof(WorldFirstOptions.MaxResponseBodyBytes)), options.MaxResponseBodyBytes) is { } limitFailure)
            failures.Add(limitFailure);

        if (!Enum.IsDefined(options.VerificationMode))
            failures.Add($"{Name(nameof(WorldFirstOptions.VerificationMode))} must be Required, Optional or Disabled.");

        // The keys are parsed here only to prove they load; WorldFirstKeyHolder keeps the instances it uses.
        var privateError = WorldFirstKeyLoader.TryLoadPrivateKey(options, out var privateKey);
        privateKey?.Dispose();
        if (privateError is not null) failures.Add(privateError);

        if (options.VerificationMode != WorldFirstVerificationMode.Disabled)
        {
            var publicError = WorldFirstKeyLoader.TryLoadPublicKey(options, out var publicKey);
            publicKey?.Dispose();
            if (publicError is not null) failures.Add(publicError);
        }

        if (options.Resilience is null)
        {
            failures.Add("WorldFirst:Resilience is required.");
        }

        if (failures.Count == 0) return ValidateOptionsResult.Success;
        // Every message names its setting as WorldFirst:X (the key loader's too); a named account's say which account.
        return ValidateOptionsResult.Fail(string.IsNullOrEmpty(name)
            ? failures
            : failures.Select(failure => failure.Replace($"{WorldFirstOptions.SectionName}:", $"{WorldFirstOptions.SectionName}[{name}]:", StringComparison.Ordinal)));
    }

    // No default gateway: a merchant on the wrong one cannot connect, so the choice is theirs and checked here.
    private static void ValidateGateway(WorldFirstOptions options, List<string> failures)
    {
        var region = Name(nameof(WorldFirstOptions.Region));
        var baseAddress = Name(nameof(WorldFirstOptions.BaseAddress));
        if (options.Region is { } chosen && !Enum.IsDefined(chosen))
            failures.Add($"{region} must be Singapore (open-sea.worldfirst.com), Europe (open-eu.worldfirst.com) or UnitedStates (open-na.worldfirst.com).");
        else if (options.Region is not null && options.BaseAddress is not null)
            failures.Add($"{region} and {baseAddress} are both set; set only one.");
        else if (options.Region is null && options.BaseAddress is null)
            failures.Add($"{region} is required: Singapore (open-sea.worldfirst.com), Europe (open-eu.worldfirst.com) or UnitedStates (open-na.worldfirst.com), the gateway WorldFirst assigned to the merchant (or set {baseAddress}).");
        else if (options.BaseAddress is { } address && !address.IsAbsoluteUri)
            failures.Add($"{baseAddress} must be an absolute URI (the WorldFirst gateway).");
        else if (options.BaseAddress is { } gateway && !KeySecure.Generated.Http.ProviderTransport.IsSafeBaseAddress(gateway))
            failures.Add($"{baseAddress} must use https unless the host is loopback (localhost, 127.0.0.1, ::1).");
    }

    /// <summary>Whitespace, controls and non-ASCII would be mangled as a header (or inject another), and a signed value would no longer match it.</summary>
    internal static bool IsHeaderSafe(string value) => value.All(c => c is > ' ' and < (char)0x7F);
}
