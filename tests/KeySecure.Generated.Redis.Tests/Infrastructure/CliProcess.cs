using System.Diagnostics;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

/// <summary>The outcome of one <c>keysecure</c> process.</summary>
public sealed record CliProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the <c>keysecure</c> CLI built beside the tests as a separate process with its own environment.</summary>
public static class CliProcess
{
    private static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "keysecure.dll");

    public static async Task<CliProcessResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Only what the test sets: no KEYSECURE_* of the machine running the tests.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("KEYSECURE_", StringComparison.Ordinal) || k.StartsWith("WORLDFIRST_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
