using System.Text.Json.Nodes;

namespace KeySecure.Cli.Call;

/// <summary>
/// A command name that predates the generated commands (<c>keysecure card activate</c>), kept as an alias of one
/// operation's command: it differs only in how its fields are named on the command line and how its answer is laid
/// out, so request building, validation, masking, the SDK call, signals and exit codes are the operation's own.
/// </summary>
/// <param name="Name">The sub-command name under its group.</param>
/// <param name="OperationId">The operation it runs.</param>
/// <param name="Description">Its help text.</param>
/// <param name="Fields">The fields it offers, under its own names; the operation's other fields go in <c>--data</c>.</param>
/// <param name="Echo">Request fields its answer repeats, before the answer's own fields.</param>
/// <param name="Labelled">Whether its answer starts with <c>"operation": operationId</c>.</param>
/// <param name="SnakeCase">Whether its answer's names are written in snake_case (the WorldFirst commands' convention).</param>
/// <param name="Variant">An option that sends the request through another SDK call (<c>--poll</c>).</param>
/// <param name="View">
/// What the alias prints instead of the answer, given the clients and the answer (<c>token</c>: the expiry, never the
/// token); an alias with a view offers no <c>--reveal</c>, having nothing to reveal.
/// </param>
internal sealed record CommandAlias(
    string Name,
    string OperationId,
    string Description,
    IReadOnlyList<AliasField> Fields,
    IReadOnlyList<string>? Echo = null,
    bool Labelled = false,
    bool SnakeCase = false,
    AliasVariant? Variant = null,
    Func<CallClients, object?, JsonNode>? View = null)
{
    public CallOperation Operation => OperationTable.Find(OperationId)
        ?? throw new InvalidOperationException($"The alias '{Name}' names {OperationId}, which no spec has.");

    /// <summary>How this alias names <paramref name="field"/>, or null when it keeps the generated option.</summary>
    public AliasField? Field(string field) => Fields.FirstOrDefault(f => f.Field == field);

    /// <summary>The echoed request fields, read before the path parameters leave the body.</summary>
    public JsonObject Echoed(JsonObject body)
    {
        var echoed = new JsonObject();
        foreach (var name in Echo ?? []) echoed[name] = RequestBuilder.Find(body, name)?.DeepClone();
        return echoed;
    }

    /// <summary>The printed document: the label, the echoed fields, then the answer's fields (which win on a clash).</summary>
    public JsonNode Shape(CallOperation operation, JsonObject echoed, JsonNode answer)
    {
        var document = answer;
        if (Labelled || echoed.Count > 0)
        {
            var merged = Labelled ? new JsonObject { ["operation"] = operation.OperationId } : new JsonObject();
            foreach (var (key, value) in echoed) merged[key] = value?.DeepClone();
            foreach (var (key, value) in answer as JsonObject ?? []) merged[key] = value?.DeepClone();
            document = merged;
        }
        return SnakeCase ? SnakeCaseNames.Of(document) : document;
    }
}

/// <summary>
/// An operation field as an alias names it: a positional argument (<c>card_no</c>) or an option (<c>--card-no</c>),
/// with the alias's own help, whether the alias requires it, and how the alias reads its value before the field's
/// own type check (<see cref="Commands.AliasInput"/>).
/// </summary>
internal sealed record AliasField(string Field, string Name, string Description, bool Required = false, Func<string, string>? Read = null)
{
    public bool IsArgument => !Name.StartsWith('-');
}

/// <summary>An option of an alias that sends the same checked request through another SDK call.</summary>
internal sealed record AliasVariant(string Option, string Description, Func<CallClients, CallArguments, CancellationToken, Task<object?>> Send);

/// <summary>A JSON document with its member names in snake_case (<c>assetId</c>: <c>asset_id</c>), recursively.</summary>
internal static class SnakeCaseNames
{
    public static JsonNode Of(JsonNode node) => node switch
    {
        JsonObject json => new JsonObject(json.Select(p => KeyValuePair.Create(Name(p.Key), p.Value is null ? null : Of(p.Value)))),
        JsonArray array => new JsonArray(array.Select(item => item is null ? null : Of(item)).ToArray()),
        _ => node.DeepClone(),
    };

    private static string Name(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
