using System.CommandLine;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Cli.Commands;

/// <summary><c>keysecure card ...</c>: single KeySecure card operations.</summary>
internal static class CardCommands
{
    /// <summary>The statuses Update Card Status accepts.</summary>
    public static IReadOnlyList<TargetCardStatus> SettableStatuses => TargetCardStatus.KnownValues;

    public static Command Create(CliContext context)
    {
        var card = new Command("card", "KeySecure card operations: detail, private-info, activate, pin-set, status.");
        card.Subcommands.Add(Detail(context));
        card.Subcommands.Add(PrivateInfo(context));
        card.Subcommands.Add(Activate(context));
        card.Subcommands.Add(PinSet(context));
        card.Subcommands.Add(Status(context));
        return card;
    }

    private static Command Detail(CliContext context)
    {
        var cardNo = new Argument<string>("card_no") { Description = "The platform's card number (card_no), not the PAN." };
        var command = new Command("detail", "Get Card Detail: type, status, last four digits, package and fees.") { cardNo };
        command.SetAction(async (parse, ct) =>
        {
            var (settings, no) = (Configured(context, parse), parse.GetRequiredValue(cardNo));
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: true, worldFirst: false);
            context.Progress($"Get Card Detail {no} ...");
            var cards = services.KeySecure().Cards;
            var detail = await context.Calls.RunAsync("GetCardDetail", c => cards.GetCardDetailAsync(no, c), ct).ConfigureAwait(false);
            JsonOutput.Write(context.Stdout, JsonOutput.ToNode(detail));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command PrivateInfo(CliContext context)
    {
        var cardNo = new Argument<string>("card_no") { Description = "The platform's card number (card_no)." };
        var reveal = new Option<bool>("--reveal") { Description = "Print the full PAN and CVV (masked by default: first 6 and last 4 of the PAN, CVV as ***)." };
        var command = new Command("private-info", "Get Card Private Info (AES-decrypted by the SDK): PAN, CVV and expiry, masked unless --reveal.") { cardNo, reveal };
        command.SetAction(async (parse, ct) =>
        {
            var (settings, no, show) = (Configured(context, parse), parse.GetRequiredValue(cardNo), parse.GetValue(reveal));
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: true, worldFirst: false);
            context.Progress($"Get Card Private Info {no} ...");
            var cards = services.KeySecure().Cards;
            var info = await context.Calls.RunAsync("GetCardPrivateInfo", c => cards.GetCardPrivateInfoAsync(no, c), ct).ConfigureAwait(false);
            if (show) context.Progress("--reveal: the full PAN and CVV are printed on stdout. Do not paste them anywhere.");
            JsonOutput.Write(context.Stdout, CardViews.PrivateInfo(info, show));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Activate(CliContext context)
    {
        var cardNo = RequiredOption("--card-no", "The card to activate (card_no).");
        var cardholderNo = RequiredOption("--cardholder-no", "Its cardholder (cardholder_no).");
        var cvv = new SecretOption("--cvv", "CVV", "The card's 3-digit CVV (sent AES-encrypted, never printed).");
        var lastNo = RequiredOption("--last-no", "The last 4 digits of the PAN (card_last_no).");
        var command = new Command("activate", "Activate Card (a card in ToActivate, usually physical).") { cardNo, cardholderNo, cvv.Option, lastNo };
        command.SetAction(async (parse, ct) =>
        {
            var settings = Configured(context, parse);
            var request = new ActivateCardRequest
            {
                CardNo = parse.GetRequiredValue(cardNo),
                CardholderNo = parse.GetRequiredValue(cardholderNo),
                Cvv = cvv.Read(parse, context.Input),
                CardLastNo = parse.GetRequiredValue(lastNo),
            };
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: true, worldFirst: false);
            context.Progress($"Activate Card {request.CardNo} ...");
            var cards = services.KeySecure().Cards;
            var result = await context.Calls.RunAsync("ActivateCard", c => cards.ActivateCardAsync(request, c), ct).ConfigureAwait(false);
            return Report(context, "ActivateCard", request.CardNo, result);
        });
        return command;
    }

    private static Command PinSet(CliContext context)
    {
        var cardNo = RequiredOption("--card-no", "The physical card (card_no).");
        var cardholderNo = RequiredOption("--cardholder-no", "Its cardholder (cardholder_no).");
        var pin = new SecretOption("--pin", "PIN", "6 digits, no run of three identical or consecutive digits (checked before sending; sent AES-encrypted, never printed).");
        var command = new Command("pin-set", "Set Card PIN (physical, Activated cards). A weak PIN is rejected before anything is sent.") { cardNo, cardholderNo, pin.Option };
        command.SetAction(async (parse, ct) =>
        {
            var settings = Configured(context, parse);
            var request = new SetCardPinRequest
            {
                CardNo = parse.GetRequiredValue(cardNo),
                CardholderNo = parse.GetRequiredValue(cardholderNo),
                Pin = pin.Read(parse, context.Input),
            };
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: true, worldFirst: false);
            context.Progress($"Set Card PIN {request.CardNo} ...");
            var cards = services.KeySecure().Cards;
            var result = await context.Calls.RunAsync("SetCardPin", c => cards.SetCardPinAsync(request, c), ct).ConfigureAwait(false);
            return Report(context, "SetCardPin", request.CardNo, result);
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var cardNo = RequiredOption("--card-no", "The card (card_no).");
        var status = RequiredOption("--status", "The new status: Frozen, Activated or Delete.");
        var command = new Command("status", "Update Card Status: freeze (Frozen), unfreeze (Activated) or delete (Delete) a card.") { cardNo, status };
        command.SetAction(async (parse, ct) =>
        {
            var wanted = ParseStatus(parse.GetRequiredValue(status));
            var settings = Configured(context, parse);
            var request = new UpdateCardStatusRequest { CardNo = parse.GetRequiredValue(cardNo), Status = wanted };
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: true, worldFirst: false);
            context.Progress($"Update Card Status {request.CardNo} -> {wanted} ...");
            var cards = services.KeySecure().Cards;
            var result = await context.Calls.RunAsync("UpdateCardStatus", c => cards.UpdateCardStatusAsync(request, c), ct).ConfigureAwait(false);
            return Report(context, "UpdateCardStatus", request.CardNo, result, new JsonObject { ["status"] = wanted.Value });
        });
        return command;
    }

    /// <summary>Accepts the three settable statuses, any case; anything else is exit code 2.</summary>
    public static TargetCardStatus ParseStatus(string value)
    {
        foreach (var known in SettableStatuses)
        {
            if (string.Equals(known.Value, value?.Trim(), StringComparison.OrdinalIgnoreCase)) return known;
        }
        throw new CliUsageException($"Invalid input, nothing was sent: --status must be one of {string.Join(", ", SettableStatuses)}.");
    }

    private static CliSettings Configured(CliContext context, ParseResult parse)
    {
        var settings = context.Settings(parse);
        settings.RequireKeySecure();
        return settings;
    }

    private static Option<string> RequiredOption(string name, string description) => new(name) { Description = description, Required = true };

    private static int Report(CliContext context, string operation, string cardNo, OperationResult result, JsonObject? extra = null)
    {
        var document = new JsonObject { ["operation"] = operation, ["card_no"] = cardNo, ["result"] = result.Result };
        foreach (var (key, value) in extra ?? []) document[key] = value?.DeepClone();
        if (result.Result == false) throw new ProviderAnsweredFalseException(operation);
        JsonOutput.Write(context.Stdout, document);
        context.Progress($"{operation}: done.");
        return ExitCodes.Success;
    }
}

/// <summary>The JSON views of card data, masked unless revealed.</summary>
internal static class CardViews
{
    public static JsonObject PrivateInfo(CardPrivateInfo info, bool reveal) => new()
    {
        ["card_no"] = info.CardNo,
        ["card_unique_no"] = info.CardUniqueNo,
        ["pan"] = reveal ? info.Pan : Masking.MaskPan(info.Pan),
        ["cvv"] = reveal ? info.Cvv : Masking.MaskCvv(info.Cvv),
        ["exp_month"] = info.ExpMonth,
        ["exp_year"] = info.ExpYear,
        ["masked"] = !reveal,
    };

    public static JsonObject SensitiveInfo(KeySecure.Generated.WorldFirst.CardSensitiveInfo info, bool reveal) => new()
    {
        ["asset_id"] = info.AssetId,
        ["account_id"] = info.AccountId,
        ["card_no"] = reveal ? info.CardNo : Masking.MaskPan(info.CardNo),
        ["cvv"] = reveal ? info.Cvv : Masking.MaskCvv(info.Cvv),
        ["expired_month"] = info.ExpiredMonth,
        ["expired_year"] = info.ExpiredYear,
        ["result"] = new JsonObject
        {
            ["result_status"] = info.Result?.ResultStatus?.Value,
            ["result_code"] = info.Result?.ResultCode,
            ["result_message"] = info.Result?.ResultMessage,
        },
        ["signature_verified"] = true, // an S answer is only ever returned verified
        ["masked"] = !reveal,
    };

    /// <summary>
    /// What WorldFirst answered when it was not <c>S</c>: no card data, the result, and whether the answer was signed
    /// (an unsigned <c>F</c> or <c>U</c> is accepted in Required mode because it carries no card data).
    /// </summary>
    public static JsonObject UnsuccessfulResult(string assetId, string resultStatus, KeySecure.Generated.Exceptions.WorldFirstResultException answered) => new()
    {
        ["asset_id"] = assetId,
        ["result"] = new JsonObject
        {
            ["result_status"] = resultStatus,
            ["result_code"] = answered.ResultCode,
            ["result_message"] = answered.ResultMessage,
        },
        ["signature_verified"] = answered.IsSignatureVerified,
    };
}
