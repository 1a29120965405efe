namespace KeySecure.Cli.Output;

/// <summary>How card data is shown unless <c>--reveal</c> is given.</summary>
public static class Masking
{
    /// <summary>What a CVV is replaced with.</summary>
    public const string MaskedCvv = "***";

    /// <summary>Keeps the first 6 and last 4 digits of a PAN (BIN and last four), replacing the rest with <c>*</c>.</summary>
    public static string? MaskPan(string? pan)
    {
        if (pan is null) return null;
        var digits = pan.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (digits.Length <= 10) return new string('*', digits.Length);
        return string.Concat(digits.AsSpan(0, 6), new string('*', digits.Length - 10), digits.AsSpan(digits.Length - 4));
    }

    /// <summary>A CVV is never shown without <c>--reveal</c>.</summary>
    public static string? MaskCvv(string? cvv) => MaskSecret(cvv);

    /// <summary>A secret that is not a card number (a CVV, an access token) is never shown, not even in part.</summary>
    public static string? MaskSecret(string? secret) => secret is null ? null : MaskedCvv;
}
