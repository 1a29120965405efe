using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>Finds Java and the WireMock standalone jar (installing the jar with <c>npm ci</c> when missing) and a free port.</summary>
internal static class WireMockLauncher
{
    public const string JarName = "wiremock-standalone-3.13.2.jar";

    public static string FindJar()
    {
        var jar = JarCandidates().FirstOrDefault(File.Exists);
        if (jar is not null) return jar;

        RunNpmCi();
        return JarCandidates().FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            $"WireMock jar {JarName} is missing under {Path.Combine(RepoPaths.BuildDirectory, "node_modules", "wiremock")} even after " +
            $"'npm ci'. Install Node.js/npm and run 'npm ci' in {RepoPaths.BuildDirectory} (the SDK build normally does this).");
    }

    public static string FindJava()
    {
        var exe = OperatingSystem.IsWindows() ? "java.exe" : "java";
        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        var dirs = new List<string>();
        if (!string.IsNullOrEmpty(javaHome)) dirs.Add(Path.Combine(javaHome, "bin"));
        dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return dirs.Select(d => Path.Combine(d, exe)).FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "'java' was not found on PATH or under JAVA_HOME. The contract tests run a real WireMock server: install Java 17 or newer " +
            "(e.g. 'apt-get install openjdk-17-jre-headless') and make sure 'java' is on PATH.");
    }

    /// <summary>A loopback port that was free a moment ago (the OS picks it for a listener on port 0).</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    private static IEnumerable<string> JarCandidates()
    {
        var package = Path.Combine(RepoPaths.BuildDirectory, "node_modules", "wiremock");
        yield return Path.Combine(package, JarName);
        yield return Path.Combine(package, "build", JarName); // where the npm package actually ships it
    }

    private static void RunNpmCi()
    {
        // The same locked installer the build uses, so a test run never races a build's own 'npm ci'.
        var start = new ProcessStartInfo("node", $"\"{Path.Combine(RepoPaths.BuildDirectory, "ensure-build-tools.js")}\"")
        {
            WorkingDirectory = RepoPaths.BuildDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"'npm ci' in {RepoPaths.BuildDirectory} did not finish within 5 minutes.");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm ci' in {RepoPaths.BuildDirectory} failed ({process.ExitCode}): {stderr.Result}");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"WireMock jar {JarName} is missing and Node.js is not installed: install Node.js/npm and run 'npm ci' in {RepoPaths.BuildDirectory}.", ex);
        }
    }
}
