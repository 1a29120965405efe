using System.Globalization;

namespace KeySecure.Generated.OpenPlatform.Validation;

/// <summary>
/// The transfer <c>balance</c> the provider documents: a decimal string with 2 decimals. A positive amount with at most
/// 2 decimals is written in that form (<c>100.5</c> as <c>100.50</c>); anything else is refused, because rounding a
/// sum of money, or sending one the provider must guess at, could move the wrong amount.
/// </summary>
internal static class TransferAmount
{
    /// <summary>What a refused value breaks, for <see cref="Exceptions.KeySecureValidationException.Rule"/>.</summary>
    public const string Rule = "it must be a positive amount with at most 2 decimals, digits and one '.', such as 100.00";

    /// <summary>The 2-decimal form of <paramref name="text"/>, or null when it is not a positive amount with at most 2 decimals.</summary>
    public static string? ToWireForm(string text)
    {
        // Digits and one point only: no sign, exponent, group separator, spaces or culture-dependent forms.
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return null;
        if (amount <= 0m || decimal.Round(amount, 2) != amount) return null;
        return amount.ToString("0.00", CultureInfo.InvariantCulture);
    }
}
