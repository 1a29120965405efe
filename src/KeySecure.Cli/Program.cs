using System.Collections;
using KeySecure.Cli.Hosting;

namespace KeySecure.Cli;

/// <summary>The <c>keysecure</c> executable.</summary>
public static class Program
{
    /// <summary>
    /// Runs a command on the console and the process environment; SIGINT, SIGTERM and SIGQUIT stop it (see
    /// <see cref="ShutdownSignals"/>: a write first gets a few seconds to bring back its answer; a second signal ends the process).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        using var signals = ShutdownSignals.Register(Console.Error);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string;
        }
        return await CliApp.RunAsync(args, CliInput.FromConsole(), Console.Out, Console.Error, environment, signals, stderrIsTerminal: !Console.IsErrorRedirected).ConfigureAwait(false);
    }
}
