using System.Text;

namespace KeySecure.Cli;

/// <summary>
/// Where the secrets a command needs (a CVV, a PIN) come from, so they never have to be typed as arguments: stdin for
/// <c>--cvv -</c> and <c>--pin -</c>, and a prompt without echo when a terminal is attached and no value was given.
/// </summary>
public sealed class CliInput
{
    /// <summary>Creates the input.</summary>
    /// <param name="stdin">Read by an option given as <c>-</c>.</param>
    /// <param name="hiddenPrompt">Shows a prompt and reads one line without echoing it; null when no terminal is attached.</param>
    /// <param name="prompt">Shows a prompt and reads one line (a confirmation); null when no terminal is attached.</param>
    public CliInput(TextReader stdin, Func<string, string?>? hiddenPrompt = null, Func<string, string?>? prompt = null)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        Stdin = stdin;
        HiddenPrompt = hiddenPrompt;
        Prompt = prompt;
    }

    /// <summary>No stdin and no terminal (in-process callers that pass nothing).</summary>
    public static CliInput None { get; } = new(TextReader.Null);

    /// <summary>The process's stdin, and a no-echo prompt on stderr when stdin is a terminal.</summary>
    public TextReader Stdin { get; }

    /// <summary>Shows a prompt and reads one line without echo; null when there is no terminal to ask.</summary>
    public Func<string, string?>? HiddenPrompt { get; }

    /// <summary>Shows a prompt and reads one line (a money-moving call's confirmation); null when there is no terminal to ask.</summary>
    public Func<string, string?>? Prompt { get; }

    /// <summary>The console: its stdin, and the prompts when stdin is not redirected.</summary>
    public static CliInput FromConsole() => Console.IsInputRedirected
        ? new(Console.In)
        : new(Console.In, ReadWithoutEcho, ReadLine);

    private static string? ReadLine(string prompt)
    {
        Console.Error.Write(prompt);
        return Console.ReadLine();
    }

    private static string? ReadWithoutEcho(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0) typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return typed.ToString();
    }
}
