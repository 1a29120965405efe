using System.CommandLine;

namespace KeySecure.Cli.Commands;

/// <summary>
/// An option that carries a secret (a CVV, a PIN) without putting it on the command line, where it would stay in
/// shell history and in <c>/proc/&lt;pid&gt;/cmdline</c>: <c>--cvv -</c> reads it from stdin; left out (or given
/// bare), it is asked for on the terminal without echo. A value typed as an argument is refused (exit 2).
/// </summary>
internal sealed class SecretOption
{
    private readonly string _what;

    public SecretOption(string name, string what, string rules)
    {
        _what = what;
        Option = new Option<string>(name)
        {
            Description = $"{rules} Never as an argument: '{name} -' reads it from stdin; without a value it is asked for on the terminal (no echo).",
            Arity = ArgumentArity.ZeroOrOne,
        };
    }

    public Option<string> Option { get; }

    /// <summary>The secret, from stdin or the terminal; a <see cref="CliUsageException"/> when it cannot be had.</summary>
    public string Read(ParseResult parse, CliInput input)
    {
        var name = Option.Name;
        var value = parse.GetValue(Option);
        if (value == "-")
        {
            return Checked(input.Stdin.ReadLine(), $"{name} - read nothing from stdin");
        }
        if (!string.IsNullOrEmpty(value))
        {
            // The value is not repeated: it is the secret.
            throw new CliUsageException(
                $"Invalid input, nothing was sent: {name} no longer takes the {_what} as an argument (it would stay in shell history and the process list). " +
                $"Write it on stdin with '{name} -' (e.g. read -rs V; printf '%s\\n' \"$V\" | keysecure ... {name} -), or leave {name} out to be asked on the terminal.");
        }
        if (input.HiddenPrompt is { } prompt)
        {
            return Checked(prompt($"{_what} (not shown): "), $"no {_what} was typed");
        }
        throw new CliUsageException(
            $"Invalid input, nothing was sent: the {_what} is needed and no terminal is attached to ask for it. Pass {name} - and write it on stdin.");
    }

    private static string Checked(string? line, string problem)
    {
        var secret = line?.Trim();
        return string.IsNullOrEmpty(secret) ? throw new CliUsageException($"Invalid input, nothing was sent: {problem}.") : secret;
    }
}
