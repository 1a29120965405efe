using System.Text.RegularExpressions;

namespace KeySecure.Generated;

/// <summary>
/// Masks card data, secrets and tokens in text that may reach a log or an exception message. Used for every body
/// excerpt the SDK shows; the rules err on the side of masking too much.
/// </summary>
/// <remarks>
/// A sensitive name masks its value whether it is a JSON string, number or array (<c>"cvv":["123"]</c>),
/// a form or header value, or follows the name in free text (<c>cvv 123</c>, <c>pin is 135792</c>). Logged paths show
/// no identifiers (<see cref="RedactPath"/>): <c>card_no</c> is a sensitive name (WorldFirst's <c>cardNo</c> is the
/// PAN), so KeySecure's <c>card_no</c> is masked in paths as it is in bodies.
/// </remarks>
internal static partial class Redaction
{
    /// <summary>What a masked value is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Property and header names (compared without case, <c>_</c> or <c>-</c>) whose values are never shown.</summary>
    public static readonly IReadOnlySet<string> SensitiveNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "pan", "cvv", "pin", "cardno", "accesstoken", "clientaccesstoken", "apikey", "apisecret", "secret",
        "token", "privatekey", "signature", "expmonth", "expyear", "expiredmonth", "expiredyear",
        "sumsubsharetoken", "password", "authorization", "data",
    };

    /// <summary>True when a property or header with this name holds something that must not be shown.</summary>
    public static bool IsSensitiveName(string name) => SensitiveNames.Contains(Normalize(name));

    /// <summary>Masks sensitive values in free text (JSON, form bodies, HTML, header dumps).</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var redacted = NamedValue().Replace(text, match =>
            IsSensitiveName(match.Groups["name"].Value)
                ? match.Value[..(match.Groups["value"].Index - match.Index)] + Mask + match.Groups["close"].Value
                : match.Value);
        redacted = NamedValueInProse().Replace(redacted, match =>
            IsSensitiveName(match.Groups["name"].Value) && !match.Groups["name"].Value.Equals("data", StringComparison.OrdinalIgnoreCase)
                ? match.Value[..(match.Groups["value"].Index - match.Index)] + Mask
                : match.Value);
        redacted = CardNumber().Replace(redacted, Mask);
        redacted = LongOpaqueToken().Replace(redacted, Mask);
        return redacted;
    }

    /// <summary>
    /// A request path fit for a log: every segment that holds a digit and is longer than a version (<c>v1</c>) is an
    /// identifier (card, cardholder, consumption numbers) and becomes <see cref="Mask"/>.
    /// </summary>
    public static string RedactPath(string? path)
    {
        if (string.IsNullOrEmpty(path)) return string.Empty;
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 3 && segments[i].Any(char.IsAsciiDigit)) segments[i] = Mask;
        }
        return string.Join('/', segments);
    }

    /// <summary>How much of a text an excerpt is built from: the rest is never looked at, however long the text.</summary>
    internal const int ExcerptSourceChars = 2048;

    /// <summary>
    /// A redacted, single-line excerpt of at most <paramref name="maxLength"/> characters. Only the first
    /// <see cref="ExcerptSourceChars"/> characters are redacted (truncated first, then redacted), so a 300 KB error page
    /// costs what a small one does.
    /// </summary>
    public static string Excerpt(string? text, int maxLength)
    {
        var source = ExcerptSource(text, out var truncated);
        var redacted = Whitespace().Replace(Redact(source), " ").Trim();
        return redacted.Length <= maxLength
            ? truncated ? redacted + "…" : redacted
            : string.Concat(redacted.AsSpan(0, maxLength), "…");
    }

    /// <summary>
    /// The start of <paramref name="text"/> an excerpt is built from: at most <see cref="ExcerptSourceChars"/>, and when
    /// cut, without the value the cut went through, which the patterns could no longer recognise (the last digits of a
    /// card number, the end of a token).
    /// </summary>
    internal static string ExcerptSource(string? text, out bool truncated)
    {
        truncated = text is { Length: > ExcerptSourceChars };
        if (!truncated) return text ?? string.Empty;
        var end = ExcerptSourceChars;
        while (end > 0 && IsOpaqueChar(text![end - 1])) end--;
        // Then whatever groups of digits came before (a card number written "4111 1111 1111 1111").
        while (end > 0 && (char.IsAsciiDigit(text![end - 1]) || text[end - 1] is ' ' or '-')) end--;
        return text![..end];
    }

    private static bool IsOpaqueChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '_' or '-';

    private static string Normalize(string name) => name.Replace("_", string.Empty).Replace("-", string.Empty);

    // Every pattern runs on RegexOptions.NonBacktracking: time linear in the text whatever it holds (the backtracking
    // engine took tens of seconds over a large HTML page). That engine has no backreferences or lookarounds, so the
    // patterns below do without them.

    // "name": "value" | "name": 123 | "name": [..] | name=value | Name: value (headers). A scalar value stops at a
    // quote, comma, & or line end; an array is taken whole. The name's quotes are optional on either side (a stray
    // quote only widens what is masked).
    [GeneratedRegex(@"""?(?<name>[A-Za-z][A-Za-z0-9_\-]*)""?\s*[:=]\s*(?:(?<value>\[[^\]]*\])(?<close>)|(?<open>""?)(?<value>[^""&,\r\n}]*)(?<close>""?))", RegexOptions.NonBacktracking)]
    private static partial Regex NamedValue();

    // Free text: a name, optionally "is", then a value with a digit in it ("cvv 123", "PIN is 135792").
    [GeneratedRegex(@"\b(?<name>[A-Za-z][A-Za-z0-9_\-]*)\s+(?:is\s+)?(?<value>[^\s,;&""]*\d[^\s,;&""]*)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex NamedValueInProse();

    // 12 to 19 digits standing alone, optionally grouped by spaces or dashes: a card number. (\b before and after a digit
    // is "no letter, digit or _ there".)
    [GeneratedRegex(@"\b(?:\d[ -]?){11,18}\d\b", RegexOptions.NonBacktracking)]
    private static partial Regex CardNumber();

    // Base64 or hex runs long enough to be a ciphertext, token or key.
    [GeneratedRegex(@"[A-Za-z0-9+/=_\-]{32,}", RegexOptions.NonBacktracking)]
    private static partial Regex LongOpaqueToken();

    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex Whitespace();
}
