using System.CommandLine;

namespace KeySecure.Cli.Call;

/// <summary>
/// <c>keysecure call &lt;operationId&gt;</c>: every operation of both specs, from the table written at build time;
/// <c>keysecure call --list</c> names them with their method, path and effect.
/// </summary>
internal static class CallCommand
{
    public const string Name = "call";

    public static Command Create(CliContext context)
    {
        var list = new Option<bool>("--list") { Description = "List every operation: its operationId, method, path and whether it reads, changes state or moves money." };
        var call = new Command(Name,
            "Call any operation of the specs by its operationId (any case): 'keysecure call --list' names them, " +
            "'keysecure call <operationId> --help' describes its fields. Fields as --<json_name> value (nested: --address_info.city), " +
            "or the whole body with --data - (stdin) or --data @file.json.") { list };
        foreach (var operation in OperationTable.All) call.Subcommands.Add(OperationCommand.Create(context, operation, operation.OperationId));
        call.SetAction(parse =>
        {
            if (!parse.GetValue(list)) throw new CliUsageException("Name an operation ('keysecure call <operationId>') or pass --list.");
            WriteList(context.Stdout);
            return ExitCodes.Success;
        });
        return call;
    }

    /// <summary>
    /// Lets an operationId be typed in any case: the word after <c>call</c> is replaced by the spec's spelling
    /// (command names are matched exactly by the parser).
    /// </summary>
    public static string[] WithCanonicalOperationIds(string[] args)
    {
        var canonical = (string[])args.Clone();
        for (var i = 1; i < canonical.Length; i++)
        {
            if (canonical[i - 1] == Name && OperationTable.Find(canonical[i]) is { } operation) canonical[i] = operation.OperationId;
        }
        return canonical;
    }

    private static void WriteList(TextWriter stdout)
    {
        var idWidth = OperationTable.All.Max(o => o.OperationId.Length);
        var pathWidth = OperationTable.All.Max(o => o.Path.Length);
        foreach (var operation in OperationTable.All)
        {
            stdout.WriteLine($"{operation.OperationId.PadRight(idWidth)}  {operation.Method,-6} {operation.Path.PadRight(pathWidth)}  {operation.EffectName,-13}  {operation.Summary}");
        }
        stdout.Flush();
    }
}
