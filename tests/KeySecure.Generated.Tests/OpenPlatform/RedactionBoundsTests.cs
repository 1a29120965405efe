using System.Reflection;
using System.Text.RegularExpressions;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// Redaction costs what a short text costs, however long or hostile the text: excerpts are truncated before they are
/// redacted, and no pattern backtracks. A cut never leaves part of a secret the patterns can no longer recognise.
/// </summary>
public sealed class RedactionBoundsTests
{
    [Fact]
    public void Every_pattern_runs_without_backtracking()
    {
        var patterns = typeof(Redaction).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0)
            .Select(m => (m.Name, Regex: (Regex)m.Invoke(null, null)!))
            .ToList();

        Assert.True(patterns.Count >= 5, $"found {patterns.Count} patterns");
        Assert.All(patterns, p => Assert.True(p.Regex.Options.HasFlag(RegexOptions.NonBacktracking), $"{p.Name} backtracks"));
    }

    [Fact]
    public void A_300_KB_text_is_redacted_only_as_far_as_its_excerpt_is_built_from()
    {
        var page = "<title>502 Bad Gateway</title>" + string.Concat(Enumerable.Repeat("<p>upstream did not answer</p>", 10_000));

        var source = Redaction.ExcerptSource(page, out var truncated);

        Assert.True(truncated);
        Assert.True(source.Length <= Redaction.ExcerptSourceChars, $"{source.Length} characters");
        Assert.Equal(Redaction.Excerpt(page[..Redaction.ExcerptSourceChars], 160), Redaction.Excerpt(page, 160));
    }

    [Theory]
    [InlineData("4111 1111 1111 1111 declined", "4111")]
    [InlineData("4111111111111111 declined", "4111")]
    [InlineData("token tok_0123456789abcdef0123456789abcdef0123 rejected", "tok_0123")]
    public void A_cut_through_a_secret_shows_none_of_it(string tail, string part)
    {
        // The cut falls 8 characters into the tail, where the patterns could no longer tell what the value was.
        var text = new string(' ', Redaction.ExcerptSourceChars - 8) + tail;

        var excerpt = Redaction.Excerpt(text, 160);

        Assert.DoesNotContain(part, excerpt);
        Assert.DoesNotContain(tail[..8].Trim(), excerpt);
    }

    [Fact]
    public void A_short_text_is_not_marked_as_cut() =>
        Assert.Equal("""{"code":500,"msg":"busy"}""", Redaction.Excerpt("""{"code":500,"msg":"busy"}""", 160));
}
