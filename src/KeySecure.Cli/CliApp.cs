using System.CommandLine;
using System.CommandLine.Invocation;
using KeySecure.Cli.Commands;
using KeySecure.Cli.Hosting;

namespace KeySecure.Cli;

/// <summary>
/// The <c>keysecure</c> command line, runnable in-process: <see cref="Program"/> passes the console and the process
/// environment; tests pass their own writers and environment.
/// </summary>
public static class CliApp
{
    /// <summary>Runs a command with no stdin and no terminal: secrets cannot be read (see the overload with <see cref="CliInput"/>).</summary>
    /// <inheritdoc cref="RunAsync(string[], CliInput, TextWriter, TextWriter, IDictionary{string, string?}, CancellationToken)"/>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, CancellationToken ct) =>
        RunAsync(args, CliInput.None, stdout, stderr, environment, ct);

    /// <summary>
    /// Parses <paramref name="args"/>, runs the command and returns its exit code (see <see cref="ExitCodes"/>). Each
    /// command writes exactly one JSON document to <paramref name="stdout"/> on success; progress and diagnostics go
    /// to <paramref name="stderr"/>.
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="input">Where <c>--cvv -</c> and <c>--pin -</c> read from, and the no-echo terminal prompt.</param>
    /// <param name="stdout">Receives the command's JSON result.</param>
    /// <param name="stderr">Receives progress, warnings and error explanations.</param>
    /// <param name="environment">The configuration variables (<c>KEYSECURE_*</c>, <c>WORLDFIRST_*</c>).</param>
    /// <param name="ct">
    /// Stops the command as a first signal does in the executable: a read ends at once, a call that changes state or
    /// moves money first gets a few seconds to bring back its answer.
    /// </param>
    public static async Task<int> RunAsync(string[] args, CliInput input, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, CancellationToken ct)
    {
        using var signals = ShutdownSignals.Following(ct);
        return await RunAsync(args, input, stdout, stderr, environment, signals).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a command stopped by <paramref name="signals"/> (the executable's, or a test's); progress meant for a person
    /// (the pages of <c>--all</c>) is shown when <paramref name="stderrIsTerminal"/>.
    /// </summary>
    internal static async Task<int> RunAsync(
        string[] args, CliInput input, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, ShutdownSignals signals, bool stderrIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(signals);
        var ct = signals.Token;

        // Progress may come from several threads (webhook receiver, sandbox); keep lines whole.
        stderr = TextWriter.Synchronized(stderr);
        var context = new CliContext(stdout, stderr, environment, new WriteGrace(signals, stderr), input) { StderrIsTerminal = stderrIsTerminal };
        var root = BuildRootCommand(context);
        var parse = root.Parse(Call.CallCommand.WithCanonicalOperationIds(args));
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
            ProcessTerminationTimeout = null, // Program.Main owns the signals (ShutdownSignals); in-process callers own their token.
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
            "WORLDFIRST_CLIENT_ID, WORLDFIRST_PRIVATE_KEY_FILE, WORLDFIRST_PUBLIC_KEY_FILE, WORLDFIRST_KEY_VERSION (required for WorldFirst) and, under OAuth, " +
            "WORLDFIRST_ACCESS_TOKEN (environment only); flags override them. " +
            "Secrets never go on the command line: the Api-Key comes from the environment or --api-key-file, a CVV or PIN from stdin ('--cvv -') or a no-echo prompt. " +
            "Results are one JSON document on stdout; progress goes to stderr. SIGINT or SIGTERM stops a command cleanly; a second one ends it at once. " +
            "A call that changes state or moves money (card activate, pin-set, status, simulate) is not cut off: it gets up to 4 s (3 s on SIGTERM) " +
            "to bring back its answer, which is then reported as usual; without an answer, or on a second signal, it exits 6 (outcome unknown). " +
            "An unsigned WorldFirst F or U (accepted because it carries no card data) keeps its exit code (3 or 5) and is reported as unverified: " +
            "signature_verified false in the JSON and a warning on stderr. " +
            ExitCodes.Summary);
        foreach (var option in context.GlobalOptions) root.Options.Add(option);
        root.Subcommands.Add(TourCommand.Create(context));
        root.Subcommands.Add(SandboxCommand.Create(context));
        foreach (var alias in AliasCommands.Create(context)) root.Subcommands.Add(alias);
        root.Subcommands.Add(WebhookCommand.Create(context));
        root.Subcommands.Add(Call.CallCommand.Create(context));
        var taken = root.Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var friendly in Call.FriendlyPaths.Create(context, taken)) root.Subcommands.Add(friendly);
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
