using System.CommandLine;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Cli.Commands;

/// <summary>
/// <c>keysecure simulate auth|clear|fail|reversal|refund</c>: the provider's sandbox simulations (ISimulationsClient),
/// which make the platform send the matching webhook (<c>Auth</c>, or <c>Consumption</c> for the others) to the
/// merchant's webhook URL. Against the configured base URL: the provider's sandbox or <c>keysecure sandbox</c>.
/// </summary>
internal static class SimulateCommands
{
    /// <summary>One simulation: its sub-command, the SDK call and whether it follows an earlier authorization.</summary>
    private sealed record Simulation(
        string Name,
        string Operation,
        string Description,
        bool FollowsAuthorization,
        Func<ISimulationsClient, SimulationRequest, CancellationToken, Task<SimulationResult>> Call);

    private static readonly Simulation[] All =
    [
        new("auth", "SimulateAuth", "Simulate an authorization on an Activated card: the platform sends an Auth webhook.",
            false, (s, r, ct) => s.SimulateAuthAsync(r, ct)),
        new("clear", "SimulateConsumptionClear", "Simulate the successful clearing of an authorization: the platform sends a Consumption webhook (status Success).",
            true, (s, r, ct) => s.SimulateConsumptionClearAsync(r, ct)),
        new("fail", "SimulateConsumptionFail", "Simulate the failure of an authorization: the platform sends a Consumption webhook (status Fail).",
            true, (s, r, ct) => s.SimulateConsumptionFailAsync(r, ct)),
        new("reversal", "SimulateReversal", "Simulate a reversal of a consumption: the platform sends a Consumption webhook of type Reversal.",
            true, (s, r, ct) => s.SimulateReversalAsync(r, ct)),
        new("refund", "SimulateRefund", "Simulate a refund of a cleared consumption: the platform sends a Consumption webhook of type Refund.",
            true, (s, r, ct) => s.SimulateRefundAsync(r, ct)),
    ];

    public static Command Create(CliContext context)
    {
        var simulate = new Command("simulate",
            "Sandbox simulations (provider sandbox or keysecure sandbox only): each makes the platform send its webhook to the merchant's " +
            "webhook URL. The request fields are not public; the SDK's assumed ones are card_no, amount, currency and consume_no.");
        foreach (var simulation in All) simulate.Subcommands.Add(Create(context, simulation));
        return simulate;
    }

    private static Command Create(CliContext context, Simulation simulation)
    {
        var cardNo = new Option<string>("--card-no") { Description = "The card (card_no).", Required = true };
        var consumeNo = new Option<string>("--consume-no")
        {
            Description = "The consumption to act on (consume_no, as printed by 'simulate auth').",
            Required = true,
        };
        var amount = new Option<string>("--amount")
        {
            Description = simulation.FollowsAuthorization
                ? "Amount as a decimal string, e.g. 12.34 (default: the whole remaining amount)."
                : "Amount as a decimal string, e.g. 12.34.",
            Required = !simulation.FollowsAuthorization,
        };
        var currency = new Option<string>("--currency") { Description = "3-letter ISO currency (default: the platform's, USD on the local sandbox)." };
        var command = new Command(simulation.Name, simulation.Description) { cardNo, amount, currency };
        if (simulation.FollowsAuthorization) command.Options.Add(consumeNo);

        command.SetAction(async (parse, ct) =>
        {
            var settings = context.Settings(parse);
            settings.RequireKeySecure();
            var request = new SimulationRequest
            {
                CardNo = parse.GetRequiredValue(cardNo),
                ConsumeNo = simulation.FollowsAuthorization ? parse.GetRequiredValue(consumeNo) : null,
                Amount = DecimalText(parse.GetValue(amount)),
                Currency = parse.GetValue(currency)?.Trim().ToUpperInvariant(),
            };
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: true, worldFirst: false);
            context.Progress($"{simulation.Operation} on {request.CardNo} at {settings.KeySecureBaseUrl} ...");
            var simulations = services.KeySecure().Simulations;
            var result = await context.Calls.RunAsync(simulation.Operation, c => simulation.Call(simulations, request, c), ct).ConfigureAwait(false);
            var document = new JsonObject { ["operation"] = simulation.Operation, ["card_no"] = request.CardNo };
            foreach (var (key, value) in JsonOutput.ToNode(result)) document[key] = value?.DeepClone();
            JsonOutput.Write(context.Stdout, document);
            context.Progress($"{simulation.Operation}: done; the platform sends its webhook to the merchant's webhook URL.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A positive decimal amount, written as given (money travels as a string); anything else is exit code 2.</summary>
    private static string? DecimalText(string? value)
    {
        if (value is null) return null;
        var text = value.Trim();
        return decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0
            ? text
            : throw new CliUsageException("Invalid input, nothing was sent: --amount must be a positive decimal such as 12.34.");
    }
}
