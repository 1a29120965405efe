using System.CommandLine;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Cli.Call;

/// <summary>
/// The command of one spec operation (<c>keysecure call &lt;operationId&gt;</c>, and its friendly path): one option per
/// request field, <c>--data</c> for the whole body, the secrets the spec encrypts only from stdin or a no-echo prompt,
/// the SDK's generated call under the command's signal handling, and the answer as JSON. An older command name is the
/// same command under its <see cref="CommandAlias"/>'s names and layout.
/// </summary>
internal static class OperationCommand
{
    public static Command Create(CliContext context, CallOperation operation, string name, CommandAlias? alias = null)
    {
        var command = new Command(name, alias?.Description ?? Describe(operation));
        var inputs = FieldInputs.AddTo(command, operation, alias);
        var data = new Option<string>("--data")
        {
            Description = "The whole request body as JSON: '-' reads it from stdin, '@file.json' from a file. Fields given as options override it.",
        };
        var reveal = new Option<bool>("--reveal") { Description = "Print card data in full (masked by default: PAN to its first 6 and last 4 digits, CVV as ***)." };
        var all = new Option<bool>("--all") { Description = "Walk every page and print every item as one JSON object per line (NDJSON), as it arrives." };
        var yes = new Option<bool>("--yes") { Description = "Move the money without asking (asked when stdin is a terminal)." };
        var variant = alias?.Variant is { } v ? new Option<bool>(v.Option) { Description = v.Description } : null;
        if (operation.Fields.Count > 0) command.Options.Add(data); // an operation without input (Get Token) takes no body
        if (operation.MaskedFields.Count > 0 && alias?.View is null) command.Options.Add(reveal);
        if (operation.SendAll is not null) command.Options.Add(all);
        if (operation.Effect == CallEffect.MoveMoney) command.Options.Add(yes);
        if (variant is not null) command.Options.Add(variant);

        command.SetAction(async (parse, ct) =>
        {
            var settings = context.Settings(parse);
            var builder = new RequestBuilder(operation);
            var (body, fromStdin) = ReadData(context, builder, parse.GetValue(data));
            inputs.Apply(parse, context.Input, builder, body, fromStdin);
            var echoed = alias?.Echoed(body) ?? [];
            var pageSize = PageSize(body);
            var arguments = builder.Finish(body);
            if (operation.Effect == CallEffect.MoveMoney && !parse.GetValue(yes)) Confirm(context, operation, body, inputs.Secrets);

            await using var clients = CallClients.For(operation, settings, context.Stderr);
            if (parse.GetValue(all) && operation.SendAll is { } sendAll)
            {
                return await WriteAllAsync(context, operation, sendAll(clients, arguments, ct), parse.GetValue(reveal), pageSize, ct).ConfigureAwait(false);
            }
            var send = variant is not null && parse.GetValue(variant) ? alias!.Variant!.Send : operation.Send;
            context.Progress($"{operation.OperationId} ({operation.Method} {operation.Path}) ...");
            object? answer;
            try
            {
                answer = await context.Calls.RunAsync(operation.OperationId, c => send(clients, arguments, c), ct).ConfigureAwait(false);
            }
            catch (WorldFirstResultException answered)
            {
                // An F or U is still an answer: print it (with whether its signature was checked), then let the exit
                // code say what it means (3 for F, 5 for U).
                if (!answered.IsSignatureVerified) context.Progress(CallResults.UnverifiedWarning(answered));
                Write(context, operation, alias, echoed, CallResults.Unsuccessful(answered));
                throw;
            }
            CallResults.ThrowIfDeclined(answer, operation);
            var show = parse.GetValue(reveal);
            if (show) context.Progress("--reveal: card data is printed in full on stdout. Do not paste it anywhere.");
            if (operation.IsWorldFirst) context.Progress("Response signature verified.");
            Write(context, operation, alias, echoed, alias?.View is { } view ? view(clients, answer) : CallResults.ToDocument(answer, operation, show));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(CliContext context, CallOperation operation, CommandAlias? alias, JsonObject echoed, JsonNode answer) =>
        JsonOutput.Write(context.Stdout, alias?.Shape(operation, echoed, answer) ?? answer);

    /// <summary>
    /// Streams every item of every page, one line each, flushed as it comes: memory stays that of one page. On a
    /// terminal, stderr counts the pages as each one is printed.
    /// </summary>
    private static async Task<int> WriteAllAsync(CliContext context, CallOperation operation, IAsyncEnumerable<object?> items, bool reveal, int pageSize, CancellationToken ct)
    {
        var count = 0;
        await foreach (var item in items.WithCancellation(ct).ConfigureAwait(false))
        {
            var node = CallResults.ToNode(item, operation, reveal);
            await context.Stdout.WriteLineAsync(node?.ToJsonString(SdkJson.Compact) ?? "null").ConfigureAwait(false);
            await context.Stdout.FlushAsync(ct).ConfigureAwait(false);
            count++;
            if (context.StderrIsTerminal && count % pageSize == 0) context.Progress($"{operation.OperationId}: page {count / pageSize} printed ({count} item(s) so far) ...");
        }
        context.Progress($"{operation.OperationId}: {count} item(s).");
        return ExitCodes.Success;
    }

    /// <summary>The size the SDK's pager asks each page with: the request's <c>size</c> within the pager's bounds.</summary>
    private static int PageSize(JsonObject body) =>
        body["size"] is JsonValue size && size.TryGetValue<long>(out var asked) ? (int)Math.Clamp(asked, 1, Pager.MaxPageSize) : Pager.MaxPageSize;

    private static (JsonObject Body, bool FromStdin) ReadData(CliContext context, RequestBuilder builder, string? data) => data switch
    {
        null => (new JsonObject(), false),
        "-" => (builder.FromData(context.Input.Stdin.ReadToEnd()), true),
        ['@', .. var file] when File.Exists(file) => (builder.FromData(File.ReadAllText(file)), false),
        ['@', .. var file] => throw RequestBuilder.Invalid("--data", $"names a file that does not exist ({file})"),
        _ => throw RequestBuilder.Invalid("--data", "takes '-' (stdin) or '@file.json'"),
    };

    /// <summary>A money-moving call on a terminal shows what it will send and waits for a yes.</summary>
    private static void Confirm(CliContext context, CallOperation operation, JsonObject body, IEnumerable<string> secrets)
    {
        if (context.Input.Prompt is not { } prompt) return;
        var shown = body.DeepClone().AsObject();
        foreach (var secret in secrets) shown.Remove(secret);
        context.Progress($"{operation.OperationId} moves money: {shown.ToJsonString(SdkJson.Compact)}");
        var answer = prompt("Send it? Type 'yes' to confirm: ")?.Trim();
        if (!string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"Not confirmed: {operation.OperationId} was not sent.");
        }
    }

    private static string Describe(CallOperation operation) =>
        $"{operation.Summary}. {operation.Method} {operation.Path}; {operation.EffectName}" +
        (operation.Effect == CallEffect.Read ? "." : ": an unknown outcome exits 6 (read it back before sending again).") +
        (operation.SendAll is null ? string.Empty : " --all walks every page (NDJSON).");
}
