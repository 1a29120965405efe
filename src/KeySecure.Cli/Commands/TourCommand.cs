using System.CommandLine;
using KeySecure.Cli.Output;
using KeySecure.Cli.Tour;

namespace KeySecure.Cli.Commands;

/// <summary><c>keysecure tour</c>: the whole card lifecycle through the SDK, against the embedded sandbox or read-only against real hosts.</summary>
internal static class TourCommand
{
    public static Command Create(CliContext context)
    {
        var cardNo = new Option<string>("--card-no") { Description = "Read-only mode: the card to show (default: the first card listed)." };
        var assetId = new Option<string>("--asset-id") { Description = "Read-only mode: a WorldFirst assetId to query (the WorldFirst step is skipped without it)." };
        var stateFile = new Option<string>("--state-file")
        {
            Description = "Sandbox mode: keep the embedded sandbox's state (including its generated test credentials and card data) in this JSON file, for inspection.",
        };
        var command = new Command(
            "tour",
            "Walk the card lifecycle through the SDK with a step-by-step account on stderr and a JSON summary on stdout. " +
            "With no KEYSECURE_BASE_URL/WORLDFIRST_BASE_URL it starts the embedded sandbox and a webhook receiver and runs everything " +
            "(token, cardholder, virtual and physical card, detail, masked private info, activation, PIN, simulated authorization and " +
            "consumption with verified webhooks, consumption list, freeze, credit-mode transfer, WorldFirst sensitive info with a U then S). " +
            "With base URLs configured it runs only the read-only steps against them.")
        {
            cardNo, assetId, stateFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = context.Settings(parse);
            var sandboxMode = !settings.HasKeySecure && !settings.HasWorldFirst;
            var tour = new TourRecorder(context.Stderr, ct);
            context.Progress(sandboxMode
                ? "keysecure tour: no base URL configured, so the tour runs against an embedded sandbox (nothing leaves this machine)."
                : "keysecure tour: base URLs configured, so only read-only steps run against them.");
            var exitCode = ExitCodes.Success;
            try
            {
                if (sandboxMode)
                {
                    await SandboxTour.RunAsync(settings, tour, context.Calls, context.Stderr, parse.GetValue(stateFile), ct).ConfigureAwait(false);
                }
                else
                {
                    await ReadOnlyTour.RunAsync(settings, tour, context.Stderr, parse.GetValue(cardNo), parse.GetValue(assetId), ct).ConfigureAwait(false);
                }
            }
            catch (TourStepFailedException failed)
            {
                exitCode = failed.ExitCode;
            }
            var summary = tour.Summary(sandboxMode ? "sandbox" : "read-only", exitCode);
            JsonOutput.Write(context.Stdout, summary);
            context.Progress(exitCode == ExitCodes.Success
                ? $"Tour finished: {tour.Steps.Count} steps ok in {summary["elapsed_ms"]} ms."
                : $"Tour stopped at step '{tour.Steps[^1].Name}' (exit code {exitCode}).");
            return exitCode;
        });
        return command;
    }
}
