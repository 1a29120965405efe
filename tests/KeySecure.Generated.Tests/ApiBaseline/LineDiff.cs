using System.Text;

namespace KeySecure.Generated.Tests.ApiBaseline;

/// <summary>A short, readable line diff: removed lines with '-', added with '+', each under its type's header.</summary>
internal static class LineDiff
{
    public static string Describe(string expected, string actual, int maxLines = 60)
    {
        var before = Blocks(expected);
        var after = Blocks(actual);
        var text = new StringBuilder();
        var shown = 0;
        foreach (var header in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var removed = before.GetValueOrDefault(header, []).Except(after.GetValueOrDefault(header, [])).ToList();
            var added = after.GetValueOrDefault(header, []).Except(before.GetValueOrDefault(header, [])).ToList();
            if (!before.ContainsKey(header)) { text.AppendLine($"+ {header}"); shown++; }
            else if (!after.ContainsKey(header)) { text.AppendLine($"- {header}"); shown++; continue; }
            else if (removed.Count + added.Count > 0) text.AppendLine($"  {header}");
            foreach (var line in removed) { text.AppendLine($"-   {line}"); shown++; }
            foreach (var line in added) { text.AppendLine($"+   {line}"); shown++; }
            if (shown >= maxLines)
            {
                text.AppendLine("  … (more differences in the .received.txt file)");
                break;
            }
        }
        return text.ToString();
    }

    private static Dictionary<string, List<string>> Blocks(string text)
    {
        var blocks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("  ", StringComparison.Ordinal))
            {
                current = [];
                blocks[line] = current;
            }
            else
            {
                current?.Add(line.Trim());
            }
        }
        return blocks;
    }
}
