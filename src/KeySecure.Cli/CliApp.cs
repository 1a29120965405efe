using System.CommandLine;
using System.CommandLine.Invocation;
using KeySecure.Cli.Commands;

namespace KeySecure.Cli;

/// <summary>
/// The <c>keysecure</c> command line, runnable in-process: <see cref="Program"/> passes the console and the process
/// environment; tests pass their own writers and environment.
/// </summary>
public static class CliApp
{
    /// <summary>
    /// Parses <paramref name="args"/>, runs the command and returns its exit code (see <see cref="ExitCodes"/>). Each
    /// command writes exactly one JSON document to <paramref name="stdout"/> on success; progress and diagnostics go
    /// to <paramref name="stderr"/>.
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Receives the command's JSON result.</param>
    /// <param name="stderr">Receives progress, warnings and error explanations.</param>
    /// <param name="environment">The configuration variables (<c>KEYSECURE_*</c>, <c>WORLDFIRST_*</c>).</param>
    /// <param name="ct">Cancels the command (Ctrl-C).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);

        // Progress may come from several threads (webhook receiver, sandbox); keep lines whole.
        stderr = TextWriter.Synchronized(stderr);
        var context = new CliContext(stdout, stderr, environment);
        var root = BuildRootCommand(context);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors) await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            var commandPath = string.Join(' ', CommandPath(parse.CommandResult.Command));
            await stderr.WriteLineAsync($"Run '{commandPath} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Program.Main owns Ctrl-C; in-process callers own their token.
        };
        try
        {
            return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            var (exitCode, message) = ExitCodes.Classify(failure, ct);
            await stderr.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"exit code {exitCode}").ConfigureAwait(false);
            return exitCode;
        }
    }

    /// <summary>The command tree (exposed for documentation and help tests).</summary>
    internal static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "keysecure: the KeySecure Open Platform and WorldFirst World Card SDK from the command line. " +
            "Configuration comes from KEYSECURE_BASE_URL, KEYSECURE_API_KEY, KEYSECURE_API_SECRET, WORLDFIRST_REGION (SG, EU or US) or WORLDFIRST_BASE_URL, " +
            "WORLDFIRST_CLIENT_ID, WORLDFIRST_PRIVATE_KEY_FILE, WORLDFIRST_PUBLIC_KEY_FILE and WORLDFIRST_KEY_VERSION; flags override them. " +
            "Results are one JSON document on stdout; progress goes to stderr. " +
            "Exit codes: 0 success, 2 invalid input or configuration (nothing sent), 3 provider error, 4 signature or decryption failure, 5 HTTP/network failure after retries.");
        foreach (var option in context.GlobalOptions) root.Options.Add(option);
        root.Subcommands.Add(TourCommand.Create(context));
        root.Subcommands.Add(SandboxCommand.Create(context));
        root.Subcommands.Add(TokenCommand.Create(context));
        root.Subcommands.Add(CardCommands.Create(context));
        root.Subcommands.Add(WorldFirstCommands.Create(context));
        return root;
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (var c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "keysecure" : c.Name);
        }
        return names;
    }
}
