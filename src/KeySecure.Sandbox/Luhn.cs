namespace KeySecure.Sandbox;

/// <summary>The Luhn (mod 10) check digit of card numbers.</summary>
internal static class Luhn
{
    /// <summary>The check digit to append to <paramref name="payload"/>, a card number without its last digit.</summary>
    /// <exception cref="ArgumentException">When <paramref name="payload"/> holds anything but ASCII digits.</exception>
    public static char CheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var ch = payload[payload.Length - 1 - i];
            if (!char.IsAsciiDigit(ch)) throw new ArgumentException("a card number holds digits only", nameof(payload));
            var d = ch - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary><paramref name="payload"/> followed by its check digit: a complete card number.</summary>
    public static string Complete(string payload) => payload + CheckDigit(payload);
}
