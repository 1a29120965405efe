using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KeySecure.Generated.Benchmarks.Benchmarks;
using KeySecure.Generated.Benchmarks.Peers;
using Perfolizer.Horology;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// The BenchmarkDotNet classes (per call against every peer, the ablation profile, crypto, many merchants), run in
/// one process, then judged: every per-call ratio against the floor and each peer, and the many-merchants ratios.
/// </summary>
public static class BenchmarkDotNetMode
{
    public static readonly Type[] Classes =
        [typeof(PerCallBenchmarks), typeof(CryptoBenchmarks)];

    private const double FloorTimeTarget = 1.25;
    private const double FloorAllocationTarget = 1.5;
    private const double PeerTarget = 1.0;

    public static void Run(string[] bdnArgs, bool quick, string artifacts, Report report)
    {
        // In-process: no per-benchmark project generation or rebuild (which would also have to honour ArtifactsPath);
        // the numbers are then those of this process's runtime settings (workstation, concurrent GC; Release).
        var job = quick
            ? Job.Default.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100)).WithLaunchCount(1).WithId("Quick")
            : Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).WithId("Full");
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
            .AddExporter(MarkdownExporter.GitHub)
            .AddColumn(StatisticColumn.P95)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
            .WithArtifactsPath(Path.Combine(artifacts, "bdn"))
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        var summaries = BenchmarkSwitcher.FromTypes(Classes).Run(bdnArgs.Length == 0 ? ["--filter", "*"] : bdnArgs, config).ToArray();
        var results = Results.From(summaries);

        report.Notes["refitPeer"] = RefitPeer.Source;
        PerCall(report, results);
        foreach (var summary in summaries)
        {
            var logger = new AccumulationLogger();
            MarkdownExporter.GitHub.ExportToLog(summary, logger);
            report.Line("#### BenchmarkDotNet's table");
            report.Line();
            report.Line(logger.GetLog());
        }
    }

    private static void PerCall(Report report, Results results)
    {
        var profile = report.PerCallCause ?? "No ablation in this run (--skip ablation).";
        foreach (var operation in new[] { "GetCardDetail", "ApplyCard", "WorldFirst" })
        {
            if (results.Get(nameof(PerCallBenchmarks), "Sdk" + operation) is not { } sdk)
            {
                if (results.Any) report.AtMost($"percall.{operation}.time.floor", "perCall", $"{operation}: SDK time / Floor time", double.NaN, FloorTimeTarget,
                    "No result: the SDK benchmark failed in this run (its exception is in BenchmarkDotNet's log).");
                continue;
            }
            report.Line($"### Per call: {operation} (canned network)");
            report.Line();
            report.Line("| Client | Mean (ns) | Allocated (B) | SDK time / this | SDK allocations / this |");
            report.Line("|---|---:|---:|---:|---:|");
            foreach (var client in operation == "WorldFirst" ? ["Sdk", "Floor"] : new[] { "Sdk", "Floor", "Kiota", "Refit", "RestSharp" })
            {
                if (results.Get(nameof(PerCallBenchmarks), client + operation) is not { } r)
                {
                    // A peer that failed must show as a miss, not vanish from the report.
                    report.Line($"| {client} | failed | failed | | |");
                    report.AtMost($"percall.{operation}.time.{client.ToLowerInvariant()}", "perCall", $"{operation}: SDK time / {client} time", double.NaN, PeerTarget,
                        "No result: this benchmark failed in this run (its exception is in BenchmarkDotNet's log).");
                    continue;
                }
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {(client == "Sdk" ? "**SDK**" : client)} | {r.MeanNs:N0} | {r.Bytes:N0} | {Report.Ratio(sdk.MeanNs / r.MeanNs)} | {Report.Ratio((double)sdk.Bytes / r.Bytes)} |"));
                report.Row("perCall", new()
                {
                    ["operation"] = operation,
                    ["client"] = client,
                    ["meanNs"] = Math.Round(r.MeanNs, 1),
                    ["allocatedBytes"] = r.Bytes,
                });
                if (client == "Sdk") continue;
                var (timeTarget, allocationTarget) = client == "Floor" ? (FloorTimeTarget, FloorAllocationTarget) : (PeerTarget, PeerTarget);
                var key = client.ToLowerInvariant();
                var cause = operation == "WorldFirst" ? WorldFirstCause(results, sdk, r) : profile;
                var time = sdk.MeanNs / r.MeanNs;
                var bytes = (double)sdk.Bytes / r.Bytes;
                report.AtMost($"percall.{operation}.time.{key}", "perCall", $"{operation}: SDK time / {client} time", time, timeTarget, time <= timeTarget ? null : cause);
                report.AtMost($"percall.{operation}.allocation.{key}", "perCall", $"{operation}: SDK allocations / {client} allocations", bytes, allocationTarget, bytes <= allocationTarget ? null : cause);
            }
            report.Line();
        }
        report.Line($"Refit peer: {RefitPeer.Source}.");
        report.Line();
    }

    /// <summary>The WorldFirst pipeline has no ablation; the cause is the difference itself and the verification share of it.</summary>
    private static string WorldFirstCause(Results results, (double MeanNs, long Bytes) sdk, (double MeanNs, long Bytes) floor)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"The SDK's WorldFirst call: {sdk.MeanNs:N0} ns / {sdk.Bytes:N0} B against the floor's sign + verify, {floor.MeanNs:N0} ns / {floor.Bytes:N0} B; what the SDK adds is its pipeline (call context, resilience strategies, attempt record), the response read once into a pooled buffer that verification, result mapping and Refit share (Refit still copies it before deserializing), and the asset check; the RSA work is the same on both sides (the allocation profile below lists the types)");
        if (results.Get(nameof(CryptoBenchmarks), nameof(CryptoBenchmarks.WorldFirstSignOnlyCall)) is { } signOnly
            && results.Get(nameof(CryptoBenchmarks), nameof(CryptoBenchmarks.WorldFirstSignAndVerifyCall)) is { } signAndVerify)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"; verification's share in this run: {signAndVerify.MeanNs - signOnly.MeanNs:N0} ns / {signAndVerify.Bytes - signOnly.Bytes:N0} B");
        }
        return text + ".";
    }

    /// <summary>Mean and allocations per benchmark, keyed by class, method and parameter value.</summary>
    private sealed class Results
    {
        private readonly Dictionary<string, (double MeanNs, long Bytes)> _byKey = [];

        public static Results From(IEnumerable<Summary> summaries)
        {
            var results = new Results();
            foreach (var summary in summaries)
            {
                foreach (var r in summary.Reports)
                {
                    if (r.ResultStatistics is null) continue;
                    var c = r.BenchmarkCase;
                    var parameter = c.Parameters.Count == 0 ? "" : Convert.ToString(c.Parameters.Items[0].Value, CultureInfo.InvariantCulture) ?? "";
                    results._byKey[Key(c.Descriptor.Type.Name, c.Descriptor.WorkloadMethod.Name, parameter)] =
                        (r.ResultStatistics.Mean, r.GcStats.GetBytesAllocatedPerOperation(c) ?? 0);
                }
            }
            return results;
        }

        /// <summary>False when BenchmarkDotNet ran nothing (a filter that selected no per-call benchmark).</summary>
        public bool Any => _byKey.Keys.Any(k => k.StartsWith(nameof(PerCallBenchmarks) + ".", StringComparison.Ordinal));

        public (double MeanNs, long Bytes)? Get(string type, string method, string parameter = "") =>
            _byKey.TryGetValue(Key(type, method, parameter), out var value) ? value : null;

        private static string Key(string type, string method, string parameter) => $"{type}.{method}[{parameter}]";
    }
}
