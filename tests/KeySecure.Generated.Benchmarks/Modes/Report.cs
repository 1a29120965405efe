using System.Text;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>Collects the console modes' results as Markdown (printed, and appended to the suite summary).</summary>
public sealed class Report
{
    private readonly StringBuilder _text = new();

    public void Line(string line = "")
    {
        Console.WriteLine(line);
        _text.AppendLine(line);
    }

    public override string ToString() => _text.ToString();

    public static string Ratio(double value) => value.ToString("0.00") + "x";
}
