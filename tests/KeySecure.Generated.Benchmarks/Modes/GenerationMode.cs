using System.Diagnostics;
using System.Reflection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 5: what code generation costs a build. Times <c>dotnet build src/KeySecure.Generated</c> after deleting
/// the generation stamps (forces NSwag for both specs; NSwag rewrites identical output with its old timestamp, so the
/// compiler may be skipped), a no-op build with nothing changed, a <c>--no-incremental</c> rebuild (regeneration and
/// compilation), and the NSwag step alone. Builds use their own ArtifactsPath so they never touch anyone's obj/.
/// </summary>
public static class GenerationMode
{
    public static async Task RunAsync(Report report, string artifacts, int repetitions)
    {
        var repo = RepoRoot.Path;
        var project = Path.Combine(repo, "src", "KeySecure.Generated");
        var build = $"build \"{project}\" -c Release -nologo -v:m \"-p:ArtifactsPath={artifacts}\"";

        // Untimed: restore and bring the build up to date.
        var prepare = await RunAsync("dotnet", build, repo);
        if (prepare.ExitCode != 0) throw new InvalidOperationException("The preparatory build failed:\n" + prepare.Output);
        var stamps = Directory.GetFiles(Path.Combine(artifacts, "obj", "KeySecure.Generated"), "*.stamp", SearchOption.AllDirectories);
        if (stamps.Length == 0) throw new InvalidOperationException($"No *.stamp under {artifacts}/obj/KeySecure.Generated");
        var dll = Directory.GetFiles(Path.Combine(artifacts, "bin", "KeySecure.Generated"), "KeySecure.Generated.dll", SearchOption.AllDirectories).First();

        var regen = new List<double>();
        var noop = new List<double>();
        var rebuild = new List<double>();
        var nswag = new List<double>();
        var regenCompiled = 0;
        var regenNSwagRuns = 0;
        var noopNSwagRuns = 0;
        for (var i = 0; i < repetitions; i++)
        {
            foreach (var stamp in stamps) File.Delete(stamp);
            var before = File.GetLastWriteTimeUtc(dll);
            var r = await TimedAsync("dotnet", build, repo);
            regen.Add(r.Seconds);
            regenNSwagRuns += Count(r.Output, "NSwag: ");
            if (File.GetLastWriteTimeUtc(dll) != before) regenCompiled++;

            var n = await TimedAsync("dotnet", build, repo);
            noop.Add(n.Seconds);
            noopNSwagRuns += Count(n.Output, "NSwag: ");

            var full = await TimedAsync("dotnet", build + " --no-incremental", repo);
            rebuild.Add(full.Seconds);

            // The executable of the NSwag.MSBuild package the build uses (Directory.Packages.props pins 14.8.0).
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                           ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var nswagDll = Path.Combine(packages, "nswag.msbuild", "14.8.0", "tools", "Net100", "dotnet-nswag.dll");
            var output = Path.Combine(Path.GetTempPath(), "keysecure-bench-nswag.g.cs");
            var s = await TimedAsync("dotnet", $"\"{nswagDll}\" run nswag.json /variables:Spec=openapi/keysecure.yaml,Namespace=X,Output={output}", repo);
            nswag.Add(s.Seconds);
        }

        var regenMedian = Median(regen);
        var noopMedian = Median(noop);
        report.Line($"### Generation ({repetitions} repetitions each, medians; `dotnet build src/KeySecure.Generated -c Release`)");
        report.Line();
        report.Line("| Build | Median (s) | All runs (s) | vs. no-op build |");
        report.Line("|---|---:|---|---:|");
        report.Line($"| no-op (nothing changed) | {noopMedian:0.00} | {Join(noop)} | 1.00x |");
        report.Line($"| regeneration (both *.stamp deleted: NSwag for both specs; compiled in {regenCompiled} of {repetitions} runs) | {regenMedian:0.00} | {Join(regen)} | {Report.Ratio(regenMedian / noopMedian)} |");
        report.Line($"| full rebuild (`--no-incremental`: regeneration and compilation) | {Median(rebuild):0.00} | {Join(rebuild)} | {Report.Ratio(Median(rebuild) / noopMedian)} |");
        report.Line($"| NSwag alone, keysecure.yaml (`dotnet dotnet-nswag.dll run nswag.json ...`) | {Median(nswag):0.00} | {Join(nswag)} | {Report.Ratio(Median(nswag) / noopMedian)} |");
        report.Line();
        report.Line($"NSwag ran {regenNSwagRuns} time(s) across the regeneration builds and {noopNSwagRuns} time(s) across the no-op builds.");
        report.Line();
    }

    private static int Count(string text, string what) =>
        text.Split('\n').Count(line => line.Contains(what, StringComparison.Ordinal));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("0.00")));

    private static async Task<(double Seconds, string Output)> TimedAsync(string file, string arguments, string directory)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await RunAsync(file, arguments, directory);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (result.ExitCode != 0) throw new InvalidOperationException($"`{file} {arguments}` failed:\n{result.Output}");
        return (seconds, result.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
