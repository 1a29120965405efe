using System.CommandLine;
using System.Text.Json.Nodes;
using KeySecure.Cli.Commands;

namespace KeySecure.Cli.Call;

/// <summary>
/// The command-line inputs of one operation's request fields: one <c>--json_name</c> option per field (or the name an
/// alias gives it, positional or not: an alias offers only the fields it names, the others go in <c>--data</c>), and the fields the spec encrypts (PIN, CVV) as secret options that read only
/// from stdin or a no-echo prompt.
/// </summary>
internal sealed class FieldInputs
{
    private readonly List<(CallField Field, Func<ParseResult, string?> Value, Func<string, string>? Read)> _values = [];
    private readonly Dictionary<string, SecretOption> _secrets = new(StringComparer.Ordinal);

    private FieldInputs()
    {
    }

    public IEnumerable<string> Secrets => _secrets.Keys;

    /// <summary>Adds the inputs of <paramref name="operation"/>'s fields to <paramref name="command"/>.</summary>
    public static FieldInputs AddTo(Command command, CallOperation operation, CommandAlias? alias)
    {
        var inputs = new FieldInputs();
        foreach (var name in operation.EncryptedFields)
        {
            var help = alias?.Field(name)?.Description ?? Help(operation.Fields.FirstOrDefault(f => f.Name == name));
            inputs._secrets[name] = new SecretOption($"--{name}", name.ToUpperInvariant(), $"{help} Sent AES-encrypted by the SDK, never printed.");
        }
        foreach (var field in operation.Fields.Where(f => f.Type != FieldType.Object && !inputs._secrets.ContainsKey(f.Name)))
        {
            switch (alias?.Field(field.Name))
            {
                case { IsArgument: true } named:
                    var argument = new Argument<string>(named.Name) { Description = named.Description };
                    command.Arguments.Add(argument);
                    inputs._values.Add((field, parse => parse.GetValue(argument), named.Read));
                    break;
                case { } named:
                    inputs._values.Add((field, Option(command, named.Name, named.Description, field, named.Required), named.Read));
                    break;
                case null when alias is not null:
                    break; // an alias offers the fields it names; the others go in --data
                default:
                    inputs._values.Add((field, Option(command, $"--{field.Name}", Help(field), field, required: false), null));
                    break;
            }
        }
        foreach (var secret in inputs._secrets.Values) command.Options.Add(secret.Option);
        return inputs;
    }

    /// <summary>
    /// Sets every field given on the command line into <paramref name="body"/> (over what <c>--data</c> gave), then the
    /// secrets: from the body only when it came from stdin, else from <c>--pin -</c> or the prompt.
    /// </summary>
    public void Apply(ParseResult parse, CliInput input, RequestBuilder builder, JsonObject body, bool fromStdin)
    {
        foreach (var (field, value, read) in _values)
        {
            if (value(parse) is not { } text) continue;
            builder.Set(body, field.Name, read is null ? text : read(text.Trim()));
        }
        foreach (var (field, secret) in _secrets)
        {
            if (body[field] is null) builder.Set(body, field, secret.Read(parse, input));
            else if (!fromStdin) throw RequestBuilder.Invalid(field, "is a secret: give it on stdin (--data - or --" + field + " -) or at the prompt, not in a file");
        }
    }

    private static Func<ParseResult, string?> Option(Command command, string name, string description, CallField field, bool required)
    {
        var option = new Option<string>(name) { Description = description, HelpName = field.TypeName, Required = required };
        command.Options.Add(option);
        return parse => parse.GetValue(option);
    }

    private static string Help(CallField? field) =>
        field is null ? string.Empty
        : (field.Required ? (field.Parent is null ? "(required) " : $"(required in {field.Parent}) ") : "(optional) ")
          + (field.InPath ? "[path] " : string.Empty) + field.Description;
}
