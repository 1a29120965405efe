using System.CommandLine;

namespace KeySecure.Cli;

/// <summary>
/// A flag that once took a secret as an argument: still recognised, so that using it gives a parse error (exit 2)
/// saying what to use instead rather than "unrecognized argument", and hidden from every help text.
/// </summary>
internal static class RemovedSecretFlag
{
    public static Option<string> Create(string name, string instead)
    {
        var option = new Option<string>(name) { Hidden = true, Recursive = true, Arity = ArgumentArity.ZeroOrOne };
        // The value is never repeated: it is the secret.
        option.Validators.Add(result => result.AddError(
            $"{name} was removed: a secret on the command line stays in shell history and the process list. Instead, {instead}."));
        return option;
    }
}
