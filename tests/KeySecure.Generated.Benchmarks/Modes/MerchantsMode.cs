using System.Diagnostics;
using System.Globalization;
using KeySecure.Generated.Benchmarks.Shared;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 6: GetCardDetail with 1, 10 and 100 merchants in one process, each call to the next merchant in turn
/// (canned network). Per-call cost must not depend on how many merchants the process holds. The three are measured in
/// interleaved rounds (1-10-100, then 100-10-1, ...) and each round's ratios are taken within the round, so drift on a
/// shared machine (which moved sequential measurements of the same code by 30% between runs) falls on every count alike;
/// the judged ratio is the median over the rounds. Allocations are exact (the canned network answers synchronously, so
/// every byte is allocated on the measuring thread).
/// </summary>
public static class MerchantsMode
{
    private static readonly int[] Counts = [1, 10, 100];
    private const double TimeTarget = 1.10;
    private const double AllocationTarget = 1.02;

    public static async Task RunAsync(Report report, int rounds, int callsPerRound)
    {
        var groups = Counts.Select(count => new Merchants(count)).ToArray();
        try
        {
            foreach (var group in groups) await MeasureAsync(group, callsPerRound); // warm-up: JIT tiers, pools
            var nsPerCall = Counts.ToDictionary(c => c, _ => new List<double>());
            var bytesPerCall = Counts.ToDictionary(c => c, _ => new List<double>());
            var timeRatios = Counts.ToDictionary(c => c, _ => new List<double>());
            for (var round = 0; round < rounds; round++)
            {
                var measured = new Dictionary<int, (double Ns, double Bytes)>();
                foreach (var group in round % 2 == 0 ? groups : groups.Reverse()) measured[group.Count] = await MeasureAsync(group, callsPerRound);
                foreach (var count in Counts)
                {
                    nsPerCall[count].Add(measured[count].Ns);
                    bytesPerCall[count].Add(measured[count].Bytes);
                    timeRatios[count].Add(measured[count].Ns / measured[1].Ns);
                }
            }

            report.Line($"### Many merchants in one process: GetCardDetail, each call to the next merchant (canned network, {rounds} interleaved rounds of {callsPerRound:N0} calls)");
            report.Line();
            report.Line("| Merchants | Median ns per call | Bytes per call | Time / 1 merchant (median of rounds) | Range over rounds | Allocations / 1 merchant |");
            report.Line("|---:|---:|---:|---:|---|---:|");
            foreach (var count in Counts)
            {
                var time = Median(timeRatios[count]);
                var bytes = Median(bytesPerCall[count]) / Median(bytesPerCall[1]);
                var range = $"{timeRatios[count].Min():0.00}x-{timeRatios[count].Max():0.00}x";
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {count} | {Median(nsPerCall[count]):N0} | {Median(bytesPerCall[count]):N0} | {Report.Ratio(time)} | {range} | {Report.Ratio(bytes)} |"));
                report.Row("merchants", new()
                {
                    ["merchants"] = count,
                    ["medianNs"] = Math.Round(Median(nsPerCall[count]), 1),
                    ["bytesPerCall"] = Math.Round(Median(bytesPerCall[count])),
                    ["timeRatios"] = timeRatios[count].Select(r => Math.Round(r, 3)).ToArray(),
                });
                if (count == 1) continue;
                var cause = string.Create(CultureInfo.InvariantCulture,
                                $"{count} merchants: median {Median(nsPerCall[count]):N0} ns against {Median(nsPerCall[1]):N0} ns with one; the ratio ranged {range} over the rounds, ")
                            + string.Create(CultureInfo.InvariantCulture, $"allocations {Median(bytesPerCall[count]):N0} against {Median(bytesPerCall[1]):N0} B. ")
                            + "Each merchant has its own handler chain, token, clock and Polly pipeline, so a call to the next merchant reads state that was last touched a full turn ago.";
                report.AtMost($"merchants.{count}.time", "merchants", $"per-call time with {count} merchants / with 1", time, TimeTarget, time <= TimeTarget ? null : cause);
                report.AtMost($"merchants.{count}.allocation", "merchants", $"per-call allocations with {count} merchants / with 1", bytes, AllocationTarget, bytes <= AllocationTarget ? null : cause);
            }
            report.Line();
        }
        finally
        {
            foreach (var group in groups) group.Dispose();
        }
    }

    private static async Task<(double Ns, double Bytes)> MeasureAsync(Merchants group, int calls)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++) await group.NextAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalNanoseconds / calls, (double)(GC.GetAllocatedBytesForCurrentThread() - bytes) / calls);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
