namespace KeySecure.Sandbox.Rules;

/// <summary>
/// The platform's PIN rule as the sandbox enforces it (answering 4016), written here rather than borrowed from the SDK:
/// six digits, and no three in a row that repeat (777) or step by one up (345) or down (543). Three digits in a row
/// break the rule exactly when both steps between them are equal and are -1, 0 or +1.
/// </summary>
internal static class SandboxPinRules
{
    /// <summary>Why the PIN is refused, or null when it is accepted.</summary>
    public static string? Problem(string pin)
    {
        if (pin.Length != 6 || !pin.All(char.IsAsciiDigit)) return "a PIN is exactly 6 digits";
        for (var i = 0; i + 2 < pin.Length; i++)
        {
            var firstStep = pin[i + 1] - pin[i];
            var secondStep = pin[i + 2] - pin[i + 1];
            if (firstStep != secondStep || Math.Abs(firstStep) > 1) continue;
            return firstStep == 0
                ? "a PIN must not contain three identical digits in a row"
                : "a PIN must not contain three consecutive digits in a row, ascending or descending";
        }
        return null;
    }
}
