using System.CommandLine;
using KeySecure.Cli.Output;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Cli.Commands;

/// <summary><c>keysecure worldfirst ...</c>: WorldFirst World Card operations.</summary>
internal static class WorldFirstCommands
{
    public static Command Create(CliContext context)
    {
        var worldFirst = new Command("worldfirst", "WorldFirst World Card operations (every request RSA-signed, every response signature verified).");
        worldFirst.Subcommands.Add(SensitiveInfo(context));
        return worldFirst;
    }

    private static Command SensitiveInfo(CliContext context)
    {
        var assetId = new Argument<string>("asset_id") { Description = "The card's assetId." };
        var reveal = new Option<bool>("--reveal") { Description = "Print the full card number and CVV (masked by default: first 6 and last 4, CVV as ***)." };
        var poll = new Option<bool>("--poll")
        {
            Description = "On a U (unknown) result, query again on WorldFirst's schedule (after 5, 10, 20, 40, 80, 160, 320 minutes) instead of exiting with code 5.",
        };
        var command = new Command("sensitive-info", "queryCardSensitiveInfo: card number, CVV and expiry of a World Card, masked unless --reveal.") { assetId, reveal, poll };
        command.SetAction(async (parse, ct) =>
        {
            var settings = context.Settings(parse);
            settings.RequireWorldFirst();
            var (asset, show) = (parse.GetRequiredValue(assetId), parse.GetValue(reveal));
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: false, worldFirst: true);
            var client = services.WorldCard();
            var request = new QueryCardSensitiveInfoRequest { AssetId = asset };
            context.Progress($"queryCardSensitiveInfo {asset} at {settings.WorldFirstGateway} ...");
            CardSensitiveInfo info;
            try
            {
                var clock = services.GetRequiredService<TimeProvider>();
                info = await context.Calls.RunAsync("QueryCardSensitiveInfo", c => parse.GetValue(poll)
                    ? client.QueryCardSensitiveInfoUntilKnownAsync(request, clock, c)
                    : client.QueryCardSensitiveInfoAsync(request, c), ct).ConfigureAwait(false);
            }
            catch (WorldFirstResultException answered)
            {
                // An F or U is still an answer: print it (with whether its signature was checked), then let the
                // exit code say what it means (3 for F, 5 for U).
                if (!answered.IsSignatureVerified)
                {
                    context.Progress($"WARNING: WorldFirst's {Status(answered)} answer came unsigned. It carries no card data, so it is accepted, " +
                        "but its result code is unverified: treat it as a hint, not as proof.");
                }
                JsonOutput.Write(context.Stdout, CardViews.UnsuccessfulResult(asset, Status(answered), answered));
                throw;
            }
            context.Progress("Response signature verified.");
            if (show) context.Progress("--reveal: the full card number and CVV are printed on stdout. Do not paste them anywhere.");
            JsonOutput.Write(context.Stdout, CardViews.SensitiveInfo(info, show));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Status(WorldFirstResultException answered) => answered is WorldFirstUnknownResultException ? "U" : "F";
}
