using System.CommandLine;
using System.Text;

namespace KeySecure.Cli.Call;

/// <summary>
/// The friendly path of every operation, derived from the spec (README, "Every operation"): the group is the
/// operation's tag in kebab case (<c>Cardholders</c>: <c>cardholders</c>), the verb its operationId in kebab case
/// without the words that name the tag (<c>ApplyCardholder</c>: <c>apply</c>, <c>ListConsumptions</c>: <c>list</c>,
/// <c>GetCardDetail</c> under <c>Cards</c>: <c>get-detail</c>). An operation whose spec names its path
/// (<c>x-keysecure-cli-path: transfers create</c>) takes that group and verb instead. A group whose name an older command already has
/// (<c>token</c>, Get Token's alias) keeps that command: its operations stay reachable through <c>keysecure call</c>.
/// </summary>
internal static class FriendlyPaths
{
    public static IEnumerable<Command> Create(CliContext context, ISet<string> taken)
    {
        foreach (var group in OperationTable.All.GroupBy(Group, StringComparer.Ordinal))
        {
            var name = group.Key;
            if (taken.Contains(name)) continue;
            var command = new Command(name, $"The {name} operations of the spec (the same commands as 'keysecure call <operationId>').");
            foreach (var operation in group) command.Subcommands.Add(OperationCommand.Create(context, operation, Verb(operation)));
            yield return command;
        }
    }

    /// <summary>The spec's named group, else the tag in kebab case.</summary>
    public static string Group(CallOperation operation) =>
        operation.CliPath is { } path ? path.Split(' ')[0] : string.Join('-', Words(operation.Tag)).ToLowerInvariant();

    /// <summary>
    /// The spec's named verb, else the operationId in kebab case without the tag's words (singular or plural); the
    /// whole id when nothing is left.
    /// </summary>
    public static string Verb(CallOperation operation)
    {
        if (operation.CliPath is { } path) return path.Split(' ')[1];
        var tag = operation.Tag;
        var singular = tag.EndsWith('s') ? tag[..^1] : tag;
        var words = Words(operation.OperationId)
            .Where(word => !string.Equals(word, tag, StringComparison.Ordinal) && !string.Equals(word, singular, StringComparison.Ordinal))
            .ToArray();
        return string.Join('-', words.Length > 0 ? words : Words(operation.OperationId)).ToLowerInvariant();
    }

    private static IEnumerable<string> Words(string pascal)
    {
        var word = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
            word.Append(c);
        }
        if (word.Length > 0) yield return word.ToString();
    }
}
