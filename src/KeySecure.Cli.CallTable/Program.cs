using KeySecure.Cli.CallTable;

// Usage: CallTable <output.g.cs> (<view.json> <namespace> <client expression>)...
// The client expression reaches the spec's Refit interface from a CallClients named `c`; `{tag}` stands for the
// operation's first tag (KeySecureClient names its clients after the tags).
// Exit codes: 0 written; 1 a view does not read as expected (the message says where); 2 wrong arguments.
if (args.Length < 4 || (args.Length - 1) % 3 != 0)
{
    Console.Error.WriteLine("Usage: CallTable <output.g.cs> (<view.json> <namespace> <client expression>)...");
    return 2;
}

try
{
    var specs = new List<SpecOperations>();
    for (var i = 1; i < args.Length; i += 3)
    {
        specs.Add(SpecOperations.Read(args[i], args[i + 1], args[i + 2]));
    }
    var source = CallTableWriter.Write(specs);
    // Written only when changed, so an unchanged spec does not recompile the CLI.
    if (!File.Exists(args[0]) || File.ReadAllText(args[0]) != source) File.WriteAllText(args[0], source);
    return 0;
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine($"error KSCLI001: {e.Message}");
    return 1;
}
