using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.Http;

/// <summary>
/// The rule for ids placed in a request path. Escaping alone is not enough: <c>..</c> survives escaping and the URI
/// then drops a segment (<c>card/../detail</c> is sent as <c>detail</c>), so a bad id would reach another operation.
/// </summary>
/// <remarks>
/// The documented ids (card, cardholder and consumption order numbers, e.g. <c>C202605220001</c>) are letters and
/// digits; <c>-</c> and <c>_</c> are accepted too because they are unreserved in URIs and cannot change a path.
/// </remarks>
internal static class PathParameters
{
    public const string Alphabet = "ASCII letters, digits, '-' and '_'";

    /// <summary>Returns <paramref name="value"/> when it is a valid id, else throws naming <paramref name="name"/>; nothing is sent.</summary>
    /// <exception cref="KeySecureValidationException">The value is null, empty or holds a character outside the alphabet.</exception>
    public static string Check(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw SdkErrors.Invalid(name, "a path parameter must not be empty", operationId: null);
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                // The value itself is left out: path parameters are ids, but a caller may pass a card number by mistake.
                throw SdkErrors.Invalid(name, $"a path parameter may hold only {Alphabet}", operationId: null);
            }
        }
        return value;
    }
}
