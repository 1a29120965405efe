namespace KeySecure.Cli.Call;

/// <summary>What an operation does to the provider's state (the spec's <c>x-keysecure-effect</c>).</summary>
internal enum CallEffect
{
    Read,
    ChangeState,
    MoveMoney,
}

/// <summary>A request field's schema type.</summary>
internal enum FieldType
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

/// <summary>
/// One request field, as the spec describes it: a path parameter, or a body property (nested properties with dotted
/// names such as <c>address_info.city</c>). <see cref="Required"/> is relative to its parent object.
/// </summary>
internal sealed record CallField(string Name, FieldType Type, string? Format, bool Required, string? Description, IReadOnlyList<string> Enum, bool InPath)
{
    /// <summary>The dotted name of the object holding this field, or null at the top level.</summary>
    public string? Parent => Name.LastIndexOf('.') is var dot and > 0 ? Name[..dot] : null;

    /// <summary>The type as help shows it: <c>string</c>, <c>integer (int32)</c>, <c>enum: Virtual|Physical</c>.</summary>
    public string TypeName => Enum.Count > 0
        ? "enum: " + string.Join('|', Enum)
        : Type.ToString().ToLowerInvariant() + (Format is null ? string.Empty : $" ({Format})");
}

/// <summary>
/// One spec operation as <c>keysecure call</c> reaches it: its description and the direct call of the SDK's generated
/// method (<see cref="SendAll"/>: its pager, for list operations). The table is written at build time from the specs
/// (src/KeySecure.Cli.CallTable), so an operation added to a spec becomes a command with the next build.
/// </summary>
internal sealed record CallOperation(
    string OperationId,
    string Tag,
    string Method,
    string Path,
    string Summary,
    CallEffect Effect,
    IReadOnlyList<string> EncryptedFields,
    IReadOnlyList<string> MaskedFields,
    IReadOnlyList<CallField> Fields,
    Func<CallClients, CallArguments, CancellationToken, Task<object?>> Send,
    Func<CallClients, CallArguments, CancellationToken, IAsyncEnumerable<object?>>? SendAll,
    string? CliPath = null)
{
    /// <summary>True for the WorldFirst operation (its own configuration and client).</summary>
    public bool IsWorldFirst => Tag == "WorldCard";

    /// <summary>How <c>--list</c> names the effect.</summary>
    public string EffectName => Effect switch
    {
        CallEffect.Read => "read",
        CallEffect.ChangeState => "changes state",
        _ => "moves money",
    };
}

/// <summary>Every operation of both specs, in spec order.</summary>
internal static partial class OperationTable
{
    public static IReadOnlyList<CallOperation> All { get; } = Generated();

    /// <summary>The operation of <paramref name="operationId"/>, any case; null when no spec has it.</summary>
    public static CallOperation? Find(string operationId) =>
        All.FirstOrDefault(o => string.Equals(o.OperationId, operationId, StringComparison.OrdinalIgnoreCase));
}
