using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KeySecure.Generated.Benchmarks.Benchmarks;
using Perfolizer.Horology;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// The BenchmarkDotNet classes (per call against every peer, crypto), run in one process; their tables go into the
/// report as detail (confidence intervals, percentiles). Nothing here is judged: BenchmarkDotNet measures one case after
/// another, and on a shared machine that drift is larger than some differences, so the per-call ratios are judged from
/// interleaved rounds (<see cref="PerCallMode"/>).
/// </summary>
public static class BenchmarkDotNetMode
{
    public static readonly Type[] Classes =
        [typeof(PerCallBenchmarks), typeof(CryptoBenchmarks)];

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
        foreach (var summary in summaries)
        {
            var logger = new AccumulationLogger();
            MarkdownExporter.GitHub.ExportToLog(summary, logger);
            report.Line("#### BenchmarkDotNet's table (detail; the judged per-call ratios are the interleaved ones above)");
            report.Line();
            report.Line(logger.GetLog());
        }
    }
}
