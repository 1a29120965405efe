using System.CommandLine;
using System.Globalization;
using KeySecure.Cli.Call;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Cli.Commands;

/// <summary>A group of aliases under one command (<c>card</c>, <c>simulate</c>, <c>worldfirst</c>).</summary>
internal sealed record AliasGroup(string Name, string Description, IReadOnlyList<CommandAlias> Aliases);

/// <summary>
/// The commands that predate <c>keysecure call</c>: <c>card ...</c>, <c>simulate ...</c> and <c>worldfirst
/// sensitive-info</c>, each the generated command of its operation under its old name, arguments and options
/// (see <see cref="CommandAlias"/>), and <c>token</c>, Get Token's command printing the token's expiry instead of the
/// token.
/// </summary>
internal static class AliasCommands
{
    private const string CardNoHelp = "The card (card_no).";
    private const string CardholderNoHelp = "Its cardholder (cardholder_no).";

    public static IReadOnlyList<AliasGroup> Groups { get; } =
    [
        new("card", "KeySecure card operations: detail, private-info, activate, pin-set, status.",
        [
            new("detail", "GetCardDetail", "Get Card Detail: type, status, last four digits, package and fees.",
                [new("cardNo", "card_no", "The platform's card number (card_no), not the PAN.")]),
            new("private-info", "GetCardPrivateInfo", "Get Card Private Info (AES-decrypted by the SDK): PAN, CVV and expiry, masked unless --reveal.",
                [new("cardNo", "card_no", "The platform's card number (card_no).")]),
            new("activate", "ActivateCard", "Activate Card (a card in ToActivate, usually physical).",
                [
                    new("card_no", "--card-no", "The card to activate (card_no).", Required: true),
                    new("cardholder_no", "--cardholder-no", CardholderNoHelp, Required: true),
                    new("card_last_no", "--last-no", "The last 4 digits of the PAN (card_last_no).", Required: true),
                    new("cvv", "--cvv", "The card's 3-digit CVV."),
                ],
                Echo: ["card_no"], Labelled: true),
            new("pin-set", "SetCardPin", "Set Card PIN (physical, Activated cards). A weak PIN is rejected before anything is sent.",
                [
                    new("card_no", "--card-no", "The physical card (card_no).", Required: true),
                    new("cardholder_no", "--cardholder-no", CardholderNoHelp, Required: true),
                    new("pin", "--pin", "6 digits, no run of three identical or consecutive digits (checked before sending)."),
                ],
                Echo: ["card_no"], Labelled: true),
            new("status", "UpdateCardStatus", "Update Card Status: freeze (Frozen), unfreeze (Activated) or delete (Delete) a card.",
                [
                    new("card_no", "--card-no", CardNoHelp, Required: true),
                    new("status", "--status", "The new status: Frozen, Activated or Delete.", Required: true),
                ],
                Echo: ["card_no", "status"], Labelled: true),
        ]),
        new("simulate",
            "Sandbox simulations (provider sandbox or keysecure sandbox only): each makes the platform send its webhook to the merchant's " +
            "webhook URL. The request fields are not public; the SDK's assumed ones are card_no, amount, currency and consume_no.",
        [
            new("auth", "SimulateAuth", "Simulate an authorization on an Activated card: the platform sends an Auth webhook.",
                [CardNo, new("amount", "--amount", "Amount as a decimal string, e.g. 12.34.", Required: true, Read: AliasInput.PositiveDecimal), Currency],
                Echo: ["card_no"], Labelled: true),
            FollowingAuthorization("clear", "SimulateConsumptionClear", "Simulate the successful clearing of an authorization: the platform sends a Consumption webhook (status Success)."),
            FollowingAuthorization("fail", "SimulateConsumptionFail", "Simulate the failure of an authorization: the platform sends a Consumption webhook (status Fail)."),
            FollowingAuthorization("reversal", "SimulateReversal", "Simulate a reversal of a consumption: the platform sends a Consumption webhook of type Reversal."),
            FollowingAuthorization("refund", "SimulateRefund", "Simulate a refund of a cleared consumption: the platform sends a Consumption webhook of type Refund."),
        ]),
        new("worldfirst", "WorldFirst World Card operations (every request RSA-signed, every response signature verified).",
        [
            new("sensitive-info", "QueryCardSensitiveInfo", "queryCardSensitiveInfo: card number, CVV and expiry of a World Card, masked unless --reveal.",
                [new("assetId", "asset_id", "The card's assetId.")],
                Echo: ["assetId"], SnakeCase: true,
                Variant: new("--poll",
                    "On a U (unknown) result, query again on WorldFirst's schedule (after 5, 10, 20, 40, 80, 160, 320 minutes) instead of exiting with code 5.",
                    static async (c, i, ct) => await c.WorldCard.QueryCardSensitiveInfoUntilKnownAsync(i.Body<QueryCardSensitiveInfoRequest>(), c.Clock, ct).ConfigureAwait(false))),
        ]),
    ];

    /// <summary>The aliases that are commands of their own, outside any group.</summary>
    public static IReadOnlyList<CommandAlias> TopLevel { get; } =
    [
        new("token", "GetToken", "Fetch an access token through ITokenClient (Get Token) and print its expiry. The token itself is never printed.",
            [], Labelled: true,
            View: static (clients, answer) =>
            {
                var token = (MerchantToken)answer!;
                var document = TokenExpiry.Describe(token.ExpiredTime, clients.Services);
                document["token_received"] = !string.IsNullOrEmpty(token.AccessToken);
                return document;
            }),
    ];

    private static AliasField CardNo => new("card_no", "--card-no", CardNoHelp, Required: true);

    private static AliasField Currency => new("currency", "--currency", "3-letter ISO currency (default: the platform's, USD on the local sandbox).", Read: AliasInput.UpperCase);

    /// <summary>Every alias as a command (the grouped ones under their group), each the generated command of its operation.</summary>
    public static IEnumerable<Command> Create(CliContext context)
    {
        foreach (var alias in TopLevel) yield return OperationCommand.Create(context, alias.Operation, alias.Name, alias);
        foreach (var group in Groups)
        {
            var command = new Command(group.Name, group.Description);
            foreach (var alias in group.Aliases) command.Subcommands.Add(OperationCommand.Create(context, alias.Operation, alias.Name, alias));
            yield return command;
        }
    }

    private static CommandAlias FollowingAuthorization(string name, string operationId, string description) => new(
        name, operationId, description,
        [
            CardNo,
            new("consume_no", "--consume-no", "The consumption to act on (consume_no, as printed by 'simulate auth').", Required: true),
            new("amount", "--amount", "Amount as a decimal string, e.g. 12.34 (default: the whole remaining amount).", Read: AliasInput.PositiveDecimal),
            Currency,
        ],
        Echo: ["card_no"], Labelled: true);
}

/// <summary>How the aliases read their values before the field's own type check, as they always have.</summary>
internal static class AliasInput
{
    /// <summary>A positive decimal amount, written as given (money travels as a string); anything else is exit code 2.</summary>
    public static string PositiveDecimal(string value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number > 0
            ? value
            : throw new CliUsageException("Invalid input, nothing was sent: --amount must be a positive decimal such as 12.34.");

    /// <summary>A currency code in any case, sent in upper case.</summary>
    public static string UpperCase(string value) => value.ToUpperInvariant();
}
