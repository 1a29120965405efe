namespace KeySecure.Generated.Webhooks;

/// <summary>
/// Text from a webhook that nobody signed (the event's <c>id</c> and <c>action</c>, property names) made safe for a log
/// line, a reply or a terminal: printable ASCII only, at most 80 characters. Control characters (a forged line break
/// in a log, an ANSI escape on a terminal), bidirectional overrides and markup characters become <c>?</c>.
/// </summary>
internal static class WebhookPrintable
{
    private const int MaxLength = 80;

    /// <summary>The printable form of <paramref name="text"/>; null stays null.</summary>
    public static string? Of(string? text)
    {
        if (text is null) return null;
        var chars = text.Length > MaxLength ? text[..MaxLength].ToCharArray() : text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is < ' ' or > '~' or '\'' or '"' or '<' or '>' or '&' or '+') chars[i] = '?';
        }
        return new string(chars);
    }
}
