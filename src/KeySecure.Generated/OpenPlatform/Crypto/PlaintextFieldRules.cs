using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.OpenPlatform.Crypto;

/// <summary>
/// The provider's rules for plaintext values that travel encrypted, checked before anything is sent so a weak PIN
/// is a clear local error instead of a round trip ending in 4016.
/// </summary>
internal static class PlaintextFieldRules
{
    /// <summary>Throws <see cref="KeySecureValidationException"/> when <paramref name="value"/> breaks the rule for <paramref name="field"/>.</summary>
    public static void Validate(string field, string? value, string? operationId)
    {
        if (value is null)
        {
            throw SdkErrors.Invalid(field, "it is required", operationId);
        }
        var rule = field switch
        {
            "pin" => PinProblem(value),
            "cvv" => value.Length == 3 && value.All(char.IsAsciiDigit) ? null : "a CVV is exactly 3 digits",
            _ => null,
        };
        if (rule is not null)
        {
            throw SdkErrors.Invalid(field, rule, operationId);
        }
    }

    /// <summary>Describes why a PIN is rejected, or returns null for an acceptable PIN.</summary>
    /// <remarks>Exactly 6 digits, and no run of three identical (111) or consecutive digits, ascending (123) or descending (321).</remarks>
    public static string? PinProblem(string pin)
    {
        if (pin.Length != 6 || !pin.All(char.IsAsciiDigit))
        {
            return "a PIN is exactly 6 digits";
        }
        for (var i = 2; i < pin.Length; i++)
        {
            int a = pin[i - 2], b = pin[i - 1], c = pin[i];
            if (a == b && b == c)
            {
                return "a PIN must not contain three identical digits in a row";
            }
            if ((b - a == 1 && c - b == 1) || (a - b == 1 && b - c == 1))
            {
                return "a PIN must not contain three consecutive digits in a row, ascending or descending";
            }
        }
        return null;
    }
}
