using System.Diagnostics;
using KeySecure.Generated.Benchmarks;
using KeySecure.Generated.Benchmarks.Modes;

// Usage (see docs/benchmarks.md):
//   dotnet run -c Release --project tests/KeySecure.Generated.Benchmarks -- [--quick] <mode>
// Modes:
//   --report               everything below in one run, then docs/benchmarks.md and docs/benchmarks.json
//                          (with --quick: a smoke run, written to the artifacts directory, never to docs/)
//   (none) [BDN args]      the BenchmarkDotNet classes (PerCall, Crypto); e.g. --filter *PerCall*
//   --ablation             GetCardDetail with handlers / resilience strategies removed, interleaved rounds
//   --percall              the SDK against the floor and every peer per operation, interleaved rounds (judged)
//   --loopback [--calls N] Kestrel loopback throughput and p99 at 1/16/64/256 callers (default 20,000; --quick 2,000)
//   --allocations          bytes per GetCardDetail call by type (GC allocation samples): SDK, SDK async, floor
//   --merchants            GetCardDetail with 1 / 10 / 100 merchants in one process, interleaved rounds
//   --paging               ListAllCardsAsync over 1,000 / 10,000 / 100,000 items
//   --openssl [--seconds N]  RSA-2048 against `openssl speed -seconds N rsa2048` (default 3)
//   --stampede [--callers N]  N concurrent first calls, token requests counted (default 1,000)
//   --generation           build time: regeneration vs. no-op vs. rebuild, and NSwag alone
//   --cli-startup          keysecure --version and token against the sandbox: NativeAOT against the JIT build (publishes both)
//   --redis [--processes P] [--callers-each C]  Redis token store: P processes x C cold callers (default 8 x 125), token
//                          requests counted; then the latency a warm call costs with the Redis store vs. in memory
//   --artifacts DIR        where BenchmarkDotNet's reports and build outputs go (default $TMPDIR/keysecure-bench)
//   --out DIR              where --report writes (default: docs/ of the repository; with --quick: the artifacts directory)
//   --skip a,b             parts --report leaves out: bdn, ablation, percall, allocations, merchants, openssl, loopback, paging, stampede, redis, generation, cli-startup
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
var all = Flag("--report");
var skip = (Value("--skip") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
bool Part(string name, bool selected) => (all && !skip.Contains(name)) || selected;
var openssl = Part("openssl", Flag("--openssl"));
var loopback = Part("loopback", Flag("--loopback"));
var paging = Part("paging", Flag("--paging"));
var stampede = Part("stampede", Flag("--stampede"));
var redis = Part("redis", Flag("--redis"));
var generation = Part("generation", Flag("--generation"));
var cliStartup = Part("cli-startup", Flag("--cli-startup"));
var allocations = Part("allocations", Flag("--allocations"));
var merchants = Part("merchants", Flag("--merchants"));
var ablation = Part("ablation", Flag("--ablation"));
var perCall = Part("percall", Flag("--percall"));
var anyConsoleMode = openssl || loopback || paging || stampede || redis || generation || cliStartup || allocations || merchants || ablation || perCall;
var bdn = all ? !skip.Contains("bdn") : !anyConsoleMode;
var processes = int.Parse(Value("--processes") ?? "8");
var callersEach = int.Parse(Value("--callers-each") ?? "125");
var calls = int.Parse(Value("--calls") ?? (quick ? "2000" : "20000"));
var callers = int.Parse(Value("--callers") ?? "1000");
var seconds = int.Parse(Value("--seconds") ?? (quick ? "1" : "3"));
var artifacts = Path.GetFullPath(Value("--artifacts") ?? Path.Combine(Path.GetTempPath(), "keysecure-bench"));
var output = Value("--out") is { } o ? Path.GetFullPath(o) : quick ? artifacts : Path.Combine(RepoRoot.Path, "docs");
Directory.CreateDirectory(artifacts);

var report = new Report();
var total = Stopwatch.StartNew();

// The ablation runs first: the per-call ratios cite it as the cause of a miss.
if (ablation) await AblationMode.RunAsync(report, quick ? 3 : 15, quick ? 1_000 : 10_000);
if (perCall) await PerCallMode.RunAsync(report, quick ? 3 : 15, quick ? 1_000 : 10_000);
if (bdn) BenchmarkDotNetMode.Run(all ? ["--filter", "*"] : argList.ToArray(), quick, artifacts, report);
if (merchants) await MerchantsMode.RunAsync(report, quick ? 3 : 15, quick ? 2_000 : 20_000);
if (allocations) await AllocationProfileMode.RunAsync(report, quick ? 20_000 : 200_000);
if (loopback) await LoopbackMode.RunAsync(report, calls);
if (paging) await PagingMode.RunAsync(report);
if (openssl) await OpenSslMode.RunAsync(report, seconds);
if (stampede) await StampedeMode.RunAsync(report, callers);
if (redis) await RedisStampedeMode.RunAsync(report, processes, callersEach, quick ? 500 : 5000);
if (generation) await GenerationMode.RunAsync(report, Path.Combine(artifacts, "generation-build"), quick ? 1 : 3);
if (cliStartup) await CliStartupMode.RunAsync(report, artifacts, quick ? 3 : 21);

if (all)
{
    await ReportWriter.WriteAsync(report, output, quick, total.Elapsed, [.. skip.Order()]);
}
else
{
    var summaryFile = Path.Combine(artifacts, "summary.md");
    await File.WriteAllTextAsync(summaryFile, $"<!-- {DateTimeOffset.UtcNow:u}, {(quick ? "quick" : "full")} mode, {total.Elapsed.TotalMinutes:0.0} min -->\n\n" + report);
    Console.WriteLine($"Summary written to {summaryFile} ({total.Elapsed.TotalMinutes:0.0} min).");
}
return 0;
