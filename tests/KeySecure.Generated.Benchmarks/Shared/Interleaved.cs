using System.Diagnostics;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>
/// Measures variants of one call in interleaved rounds (A-B-C, then C-B-A, ...), so that drift on a shared machine
/// falls on every variant alike; a ratio or difference is then taken within each round and its median over the rounds
/// is judged. Allocations are counted process-wide (precise), so asynchronous variants are counted too.
/// </summary>
public static class Interleaved
{
    /// <summary>Per-call time and bytes of one variant in one round.</summary>
    public readonly record struct Sample(double Ns, double Bytes);

    /// <summary>The samples of every variant, one per round, and what the modes read from them.</summary>
    public sealed class Rounds(Dictionary<string, List<Sample>> samples)
    {
        public double MedianNs(string name) => Median(samples[name].Select(s => s.Ns));

        public double MedianBytes(string name) => Median(samples[name].Select(s => s.Bytes));

        /// <summary><paramref name="compare"/> of <paramref name="a"/>'s and <paramref name="b"/>'s samples within each round, in round order.</summary>
        public List<double> PerRound(string a, string b, Func<Sample, Sample, double> compare) => samples[a].Zip(samples[b], compare).ToList();

        /// <summary>Time of <paramref name="a"/> over time of <paramref name="b"/>, per round.</summary>
        public List<double> TimeRatios(string a, string b) => PerRound(a, b, (x, y) => x.Ns / y.Ns);

        /// <summary>The median over the rounds of <paramref name="a"/>'s time minus <paramref name="b"/>'s.</summary>
        public double MedianDifferenceNs(string a, string b) => Median(PerRound(a, b, (x, y) => x.Ns - y.Ns));
    }

    public static async Task<Rounds> RunAsync(IReadOnlyList<(string Name, Func<Task> Call)> variants, int rounds, int calls)
    {
        foreach (var (_, call) in variants) await MeasureAsync(call, calls); // warm-up: JIT tiers, pools, tokens
        var samples = variants.ToDictionary(v => v.Name, _ => new List<Sample>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, call) in round % 2 == 0 ? variants : variants.Reverse()) samples[name].Add(await MeasureAsync(call, calls));
        }
        return new Rounds(samples);
    }

    /// <summary>The median of per-round values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<Sample> MeasureAsync(Func<Task> call, int calls)
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++) await call();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new Sample(elapsed.TotalNanoseconds / calls, (double)(GC.GetTotalAllocatedBytes(precise: true) - bytes) / calls);
    }
}
