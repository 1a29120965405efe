using System.Globalization;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Reads the webhook <c>Timestamp</c> header. The pages do not state its unit (the merchant API's own <c>Timestamp</c>
/// is 13-digit Unix milliseconds), so both common forms are read: 13 digits as Unix milliseconds, 10 digits as Unix
/// seconds. Any other length is refused rather than guessed (<c>x-keysecure-assumed</c> in openapi/keysecure.yaml).
/// </summary>
internal static class WebhookTimestamp
{
    private const int SecondsDigits = 10;
    private const int MillisecondsDigits = 13;

    /// <summary>What a header of the wrong form is told, naming the forms accepted.</summary>
    public const string ExpectedForm = "Timestamp must be 13 digits (Unix milliseconds) or 10 digits (Unix seconds)";

    /// <summary>The moment <paramref name="text"/> names, or false when it is neither form.</summary>
    public static bool TryParse(string text, out DateTimeOffset at)
    {
        at = default;
        if (text.Length is not (SecondsDigits or MillisecondsDigits)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        at = text.Length == SecondsDigits ? DateTimeOffset.FromUnixTimeSeconds(value) : DateTimeOffset.FromUnixTimeMilliseconds(value);
        return true;
    }
}
