using System.Globalization;
using KeySecure.Generated.Benchmarks.Shared;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 6: GetCardDetail with 1, 10 and 100 merchants in one process, each call to the next merchant in turn
/// (canned network). Per-call cost must not depend on how many merchants the process holds. The three are measured in
/// interleaved rounds (1-10-100, then 100-10-1, ...) and each round's ratios are taken within the round, so drift on a
/// shared machine (which moved sequential measurements of the same code by 30% between runs) falls on every count alike;
/// the judged ratio is the median over the rounds (<see cref="Interleaved"/>).
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
            var measured = await Interleaved.RunAsync(groups.Select(g => (Name(g.Count), (Func<Task>)g.NextAsync)).ToArray(), rounds, callsPerRound);
            var timeRatios = Counts.ToDictionary(c => c, c => measured.TimeRatios(Name(c), Name(1)));

            report.Line($"### Many merchants in one process: GetCardDetail, each call to the next merchant (canned network, {rounds} interleaved rounds of {callsPerRound:N0} calls)");
            report.Line();
            report.Line("| Merchants | Median ns per call | Bytes per call | Time / 1 merchant (median of rounds) | Range over rounds | Allocations / 1 merchant |");
            report.Line("|---:|---:|---:|---:|---|---:|");
            foreach (var count in Counts)
            {
                var time = Median(timeRatios[count]);
                var bytes = measured.MedianBytes(Name(count)) / measured.MedianBytes(Name(1));
                var range = $"{timeRatios[count].Min():0.00}x-{timeRatios[count].Max():0.00}x";
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {count} | {measured.MedianNs(Name(count)):N0} | {measured.MedianBytes(Name(count)):N0} | {Report.Ratio(time)} | {range} | {Report.Ratio(bytes)} |"));
                report.Row("merchants", new()
                {
                    ["merchants"] = count,
                    ["medianNs"] = Math.Round(measured.MedianNs(Name(count)), 1),
                    ["bytesPerCall"] = Math.Round(measured.MedianBytes(Name(count))),
                    ["timeRatios"] = timeRatios[count].Select(r => Math.Round(r, 3)).ToArray(),
                });
                if (count == 1) continue;
                var cause = string.Create(CultureInfo.InvariantCulture,
                                $"{count} merchants: median {measured.MedianNs(Name(count)):N0} ns against {measured.MedianNs(Name(1)):N0} ns with one; the ratio ranged {range} over the rounds, ")
                            + string.Create(CultureInfo.InvariantCulture, $"allocations {measured.MedianBytes(Name(count)):N0} against {measured.MedianBytes(Name(1)):N0} B. ")
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

    private static string Name(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static double Median(List<double> values) => Interleaved.Median(values);
}
