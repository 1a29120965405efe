using System.Globalization;
using System.Text;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// What one run measured: Markdown sections for people, and for tools every ratio with its target and whether it was
/// met, plus the raw rows behind them. <see cref="ReportWriter"/> turns it into docs/benchmarks.md and .json.
/// </summary>
public sealed class Report
{
    private readonly StringBuilder _text = new();

    /// <summary>Every ratio judged against a target, in the order measured.</summary>
    public List<TargetCheck> Checks { get; } = [];

    /// <summary>Raw rows per scenario (absolute numbers, shown but not judged).</summary>
    public Dictionary<string, List<Dictionary<string, object?>>> Rows { get; } = [];

    /// <summary>What the ablation measured, as the cause of a per-call miss (set by the ablation mode, which runs first).</summary>
    public string? PerCallCause { get; set; }

    /// <summary>Facts about the run that a reader needs (which Refit interface, counts, ...).</summary>
    public Dictionary<string, string> Notes { get; } = [];

    public void Line(string line = "")
    {
        Console.WriteLine(line);
        _text.AppendLine(line);
    }

    public void Row(string scenario, Dictionary<string, object?> row)
    {
        if (!Rows.TryGetValue(scenario, out var rows)) Rows[scenario] = rows = [];
        rows.Add(row);
    }

    /// <summary>Records a ratio that must be at most <paramref name="limit"/>.</summary>
    public TargetCheck AtMost(string id, string scenario, string what, double value, double limit, string? cause = null, string unit = "x") =>
        Add(new TargetCheck(id, scenario, what, Math.Round(value, 3), "<=", limit, value <= limit, cause, unit));

    /// <summary>Records a ratio that must be at least <paramref name="limit"/>.</summary>
    public TargetCheck AtLeast(string id, string scenario, string what, double value, double limit, string? cause = null) =>
        Add(new TargetCheck(id, scenario, what, Math.Round(value, 3), ">=", limit, value >= limit, cause, "x"));

    private TargetCheck Add(TargetCheck check)
    {
        Checks.Add(check);
        return check;
    }

    /// <summary>The Markdown sections, in the order the scenarios ran.</summary>
    public string Sections => _text.ToString();

    public override string ToString() => Sections;

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "x";
}

/// <param name="Id">Stable key for tools, e.g. <c>percall.GetCardDetail.time.floor</c>.</param>
/// <param name="Comparison"><c>&lt;=</c> or <c>&gt;=</c>: how <paramref name="Value"/> is held against <paramref name="Target"/>.</param>
/// <param name="Cause">For a miss: what this run measured that explains it.</param>
/// <param name="Unit"><c>x</c> for a ratio; empty for a count (token requests).</param>
public sealed record TargetCheck(string Id, string Scenario, string What, double Value, string Comparison, double Target, bool Met, string? Cause, string Unit);
