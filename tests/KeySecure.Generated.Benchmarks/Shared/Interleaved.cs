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

    public static async Task<Dictionary<string, List<Sample>>> RunAsync(IReadOnlyList<(string Name, Func<Task> Call)> variants, int rounds, int calls)
    {
        foreach (var (_, call) in variants) await MeasureAsync(call, calls); // warm-up: JIT tiers, pools, tokens
        var samples = variants.ToDictionary(v => v.Name, _ => new List<Sample>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, call) in round % 2 == 0 ? variants : variants.Reverse()) samples[name].Add(await MeasureAsync(call, calls));
        }
        return samples;
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
