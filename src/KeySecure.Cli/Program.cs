using System.Collections;

namespace KeySecure.Cli;

/// <summary>The <c>keysecure</c> executable.</summary>
public static class Program
{
    /// <summary>Runs <see cref="CliApp.RunAsync"/> on the console and the process environment; Ctrl-C cancels.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (cancellation.IsCancellationRequested) return; // a second Ctrl-C kills the process
            e.Cancel = true;
            cancellation.Cancel();
        };
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string;
        }
        return await CliApp.RunAsync(args, Console.Out, Console.Error, environment, cancellation.Token).ConfigureAwait(false);
    }
}
