using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KeySecure.Generated.Benchmarks.Benchmarks;
using KeySecure.Generated.Benchmarks.Modes;
using Perfolizer.Horology;

// Usage (see docs/benchmarks.md):
//   dotnet run -c Release --project tests/KeySecure.Generated.Benchmarks -p:ArtifactsPath=/tmp/art-bench -- [--quick] <mode>
// Modes:
//   --suite                everything below, then a Markdown summary (the numbers in docs/benchmarks.md)
//   (none) [BDN args]      the BenchmarkDotNet classes (PerCall, Ablation, Crypto); e.g. --filter *PerCall*
//   --openssl [--seconds N]  RSA-2048 against `openssl speed -seconds N rsa2048` (default 3)
//   --loopback [--calls N] Kestrel loopback throughput at concurrency 1/16/64 (default 20,000; --quick 2,000)
//   --stampede [--callers N]  N concurrent first calls, token requests counted (default 1,000)
//   --generation           build time: regeneration vs. no-op vs. rebuild, and NSwag alone
//   --redis [--processes P] [--callers-each C]  Redis token store: P processes x C cold callers (default 8 x 125), token
//                          requests counted; then the latency a warm call costs with the Redis store vs. in memory
//   --artifacts DIR        where results go (default $TMPDIR/keysecure-bench)
// --quick: a smoke run (BenchmarkDotNet: 1 warm-up, 3 short iterations; loopback 2,000 calls; openssl 1 s; one
// generation repetition). Nothing here asserts on time; nothing runs under `dotnet test`.

if (args.Length > 0 && args[0] == RedisStampedeMode.ChildFlag) return await RedisStampedeMode.RunChildAsync(args);

var argList = args.ToList();
bool Flag(string name) => argList.Remove(name);
string? Value(string name)
{
    var i = argList.IndexOf(name);
    if (i < 0 || i + 1 >= argList.Count) return null;
    var value = argList[i + 1];
    argList.RemoveRange(i, 2);
    return value;
}

var quick = Flag("--quick");
var suite = Flag("--suite");
var openssl = Flag("--openssl");
var loopback = Flag("--loopback");
var stampede = Flag("--stampede");
var generation = Flag("--generation");
var redis = Flag("--redis");
var processes = int.Parse(Value("--processes") ?? "8");
var callersEach = int.Parse(Value("--callers-each") ?? "125");
var calls = int.Parse(Value("--calls") ?? (quick ? "2000" : "20000"));
var callers = int.Parse(Value("--callers") ?? "1000");
var seconds = int.Parse(Value("--seconds") ?? (quick ? "1" : "3"));
var artifacts = Path.GetFullPath(Value("--artifacts") ?? Path.Combine(Path.GetTempPath(), "keysecure-bench"));
Directory.CreateDirectory(artifacts);

var report = new Report();
var total = Stopwatch.StartNew();

if (suite || !(openssl || loopback || stampede || generation || redis))
{
    RunBenchmarkDotNet(suite ? ["--filter", "*"] : argList.ToArray(), quick, artifacts, report);
}
if (suite || openssl) await OpenSslMode.RunAsync(report, seconds);
if (suite || loopback) await LoopbackMode.RunAsync(report, calls);
if (suite || stampede) await StampedeMode.RunAsync(report, callers);
if (suite || redis) await RedisStampedeMode.RunAsync(report, processes, callersEach, quick ? 500 : 5000);
if (suite || generation) await GenerationMode.RunAsync(report, Path.Combine(artifacts, "generation-build"), quick ? 1 : 3);

var summaryFile = Path.Combine(artifacts, "summary.md");
await File.WriteAllTextAsync(summaryFile, $"<!-- {DateTimeOffset.UtcNow:u}, {(quick ? "quick" : "full")} mode, {total.Elapsed.TotalMinutes:0.0} min -->\n\n" + report);
Console.WriteLine($"Summary written to {summaryFile} ({total.Elapsed.TotalMinutes:0.0} min).");
return 0;

static void RunBenchmarkDotNet(string[] bdnArgs, bool quick, string artifacts, Report report)
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
    var summaries = BenchmarkSwitcher.FromTypes([typeof(PerCallBenchmarks), typeof(AblationBenchmarks), typeof(CryptoBenchmarks)])
        .Run(bdnArgs.Length == 0 ? ["--filter", "*"] : bdnArgs, config);
    foreach (var summary in summaries)
    {
        var logger = new AccumulationLogger();
        MarkdownExporter.GitHub.ExportToLog(summary, logger);
        report.Line("### BenchmarkDotNet");
        report.Line();
        report.Line(logger.GetLog());
    }
}
