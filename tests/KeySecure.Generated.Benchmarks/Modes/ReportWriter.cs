using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Writes one run as docs/benchmarks.md (for people: how to run, the machine, every target met or missed with the
/// measured cause of each miss, then every table) and docs/benchmarks.json (for tools: every ratio, its target and
/// whether it was met, and the raw rows). Both come from the same <see cref="Report"/>, so from the same run.
/// </summary>
public static class ReportWriter
{
    public const string Command = "dotnet run -c Release --project tests/KeySecure.Generated.Benchmarks -- --report";

    public static async Task WriteAsync(Report report, string directory, bool smoke, TimeSpan duration, string[] skipped)
    {
        Directory.CreateDirectory(directory);
        var machine = Machine();
        var commit = await GitAsync("rev-parse HEAD");
        var dirty = (await GitAsync("status --porcelain --untracked-files=no")).Length > 0;
        var generated = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(Path.Combine(directory, "benchmarks.md"), Markdown(report, machine, smoke, duration, skipped, commit, dirty, generated));
        await File.WriteAllTextAsync(Path.Combine(directory, "benchmarks.json"), Json(report, machine, smoke, duration, skipped, commit, dirty, generated));
        Console.WriteLine($"Report written to {Path.Combine(directory, "benchmarks.md")} and benchmarks.json.");
    }

    private static string Markdown(Report report, Dictionary<string, string> machine, bool smoke, TimeSpan duration, string[] skipped, string commit, bool dirty, DateTimeOffset generated)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine($"<!-- Written by `{Command}`; edit tests/KeySecure.Generated.Benchmarks/Modes/ReportWriter.cs, not this file. -->");
        md.AppendLine();
        if (smoke)
        {
            md.AppendLine("> **SMOKE RUN (`--quick`): short BenchmarkDotNet job and small call counts, to prove every mode works. These numbers are not results; do not quote them.**");
            md.AppendLine();
        }
        md.AppendLine("""
            `tests/KeySecure.Generated.Benchmarks` measures what the SDK costs per call against a hand-written floor and against
            every peer built from the same `openapi/keysecure.yaml` (Kiota, plain Refit, RestSharp, and the peer a team would
            build by hand: the same Refit interface behind `AddStandardResilienceHandler()` and an auth handler of its own), its
            throughput and tail latency under concurrency against a raw HttpClient and that hand-built peer, how its cost grows
            with work (paging, many merchants), its
            cryptography against OpenSSL, a token stampede and build time. It is a console app, not a test project:
            `dotnet test` does not run it and nothing in it asserts on time. Absolute timings are shown; only ratios measured
            within this one run are judged.

            ## How to run

            From the repository root:

            ```sh
            # The whole report from one run: writes docs/benchmarks.md and docs/benchmarks.json
            dotnet run -c Release --project tests/KeySecure.Generated.Benchmarks -- --report

            # Smoke run of the same (short BenchmarkDotNet job, small counts); writes to <artifacts>, never to docs/
            dotnet run -c Release --project tests/KeySecure.Generated.Benchmarks -- --report --quick

            # One part at a time (console tables only)
            dotnet run ... -- --filter '*PerCall*'        # BenchmarkDotNet, any of its arguments
            dotnet run ... -- --loopback [--calls 20000]  # Kestrel loopback, 1/16/64/256 callers
            dotnet run ... -- --paging                    # ListAllCardsAsync over 1,000 / 10,000 / 100,000 items
            dotnet run ... -- --ablation                  # handlers and resilience strategies removed one at a time, interleaved
            dotnet run ... -- --percall                   # the SDK against the floor and every peer, interleaved rounds
            dotnet run ... -- --merchants                 # 1 / 10 / 100 merchants in one process, interleaved rounds
            dotnet run ... -- --allocations               # bytes per call by type (GC allocation samples): SDK, floor, WorldFirst
            dotnet run ... -- --openssl [--seconds 3] | --stampede [--callers 1000] | --generation
            dotnet run ... -- --cli-startup               # keysecure --version and token: NativeAOT against the JIT build
            dotnet run ... -- --redis [--processes 8] [--callers-each 125]  # Redis token store across processes (Garnet)
            # --artifacts DIR: BenchmarkDotNet's reports and build outputs (default $TMPDIR/keysecure-bench);
            # --out DIR: where --report writes; --skip bdn,ablation,percall,allocations,merchants,loopback,paging,openssl,stampede,redis,generation,cli-startup:
            # leave parts out.
            ```

            The Kiota peer is generated by the benchmarks build itself (kiota 1.38.0 from the project's `dotnet-tools.json`,
            restored by the build) into `obj/`, from the same spec, only for the measured paths, and only when the spec changed.
            """);
        md.AppendLine();
        md.AppendLine("## This run");
        md.AppendLine();
        md.AppendLine($"- {generated:yyyy-MM-dd HH:mm} UTC, {duration.TotalMinutes:0.0} minutes, commit `{commit}`{(dirty ? " **with uncommitted changes**" : "")}{(smoke ? ", **smoke run**" : "")}.");
        if (skipped.Length > 0) md.AppendLine($"- Parts left out of this run: {string.Join(", ", skipped)}.");
        foreach (var (key, value) in machine) md.AppendLine($"- {key}: {value}");
        foreach (var (key, value) in report.Notes) md.AppendLine($"- {key}: {value}");
        md.AppendLine();

        var met = report.Checks.Count(c => c.Met);
        md.AppendLine($"## Targets: {met} of {report.Checks.Count} met");
        md.AppendLine();
        md.AppendLine("| Check | Measured | Target | Met? |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var c in report.Checks)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {c.What} | {c.Value:0.##}{c.Unit} | {c.Comparison} {c.Target.ToString(c.Unit.Length == 0 ? "0" : "0.00", CultureInfo.InvariantCulture)}{c.Unit} | {(c.Met ? "met" : "**missed**")} |"));
        }
        md.AppendLine();
        var misses = report.Checks.Where(c => !c.Met).ToArray();
        if (misses.Length > 0)
        {
            md.AppendLine("### Misses and their measured causes");
            md.AppendLine();
            foreach (var group in misses.GroupBy(c => c.Cause ?? "No cause recorded."))
            {
                md.AppendLine($"- **{string.Join("; ", group.Select(c => c.What))}** ({string.Join(", ", group.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value:0.##}{c.Unit}")))}): {group.Key}");
            }
            md.AppendLine();
        }
        md.AppendLine("## Results");
        md.AppendLine();
        md.Append(report.Sections);
        return md.ToString();
    }

    private static string Json(Report report, Dictionary<string, string> machine, bool smoke, TimeSpan duration, string[] skipped, string commit, bool dirty, DateTimeOffset generated)
    {
        var root = new JsonObject
        {
            ["smokeRun"] = smoke,
            ["note"] = smoke ? "SMOKE RUN (--quick): not results; proves every mode works." : "One full run; every ratio is from this run.",
            ["command"] = Command + (smoke ? " --quick" : ""),
            ["generatedUtc"] = generated.ToString("u", CultureInfo.InvariantCulture),
            ["durationMinutes"] = Math.Round(duration.TotalMinutes, 1),
            ["commit"] = commit,
            ["uncommittedChanges"] = dirty,
            ["skipped"] = new JsonArray([.. skipped.Select(s => JsonValue.Create(s))]),
            ["machine"] = JsonSerializer.SerializeToNode(machine),
            ["notes"] = JsonSerializer.SerializeToNode(report.Notes),
            ["summary"] = new JsonObject { ["checks"] = report.Checks.Count, ["met"] = report.Checks.Count(c => c.Met), ["missed"] = report.Checks.Count(c => !c.Met) },
            ["checks"] = JsonSerializer.SerializeToNode(report.Checks, Options),
            ["rows"] = JsonSerializer.SerializeToNode(report.Rows, Options),
        };
        return root.ToJsonString(Options) + "\n";
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, // a failed measurement is "NaN"
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "<=" stays readable; the file is never embedded in HTML
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static Dictionary<string, string> Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : RuntimeInformation.ProcessArchitecture.ToString();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return new()
        {
            ["cpu"] = $"{cpu}, {Environment.ProcessorCount} logical processors",
            ["os"] = RuntimeInformation.OSDescription,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["gc"] = $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {(GCSettings.LatencyMode == GCLatencyMode.Batch ? "non-concurrent" : "concurrent")}",
            ["loadAverageAtEnd"] = load + " (/proc/loadavg: 1, 5, 15 min; above the processor count means the machine was shared)",
        };
    }

    private static async Task<string> GitAsync(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot.Path };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output.Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }
}
