namespace KeySecure.Generated.SpecTesting;

/// <summary>
/// One way a request or a response breaks its operation's spec: the operation, where (<c>request</c> or
/// <c>response</c>, and a JSON pointer into the body, or the parameter or header), the rule broken and the message.
/// </summary>
public sealed record WireViolation(string Operation, string Direction, string Location, string Rule, string Message)
{
    public override string ToString() => $"{Operation} {Direction} {Location}: [{Rule}] {Message}";
}

/// <summary>Thrown by the <c>Assert…</c> methods of <see cref="WireValidator"/>: lists every violation.</summary>
public sealed class WireContractException(string what, IReadOnlyList<WireViolation> violations)
    : Exception($"{what} breaks the spec:\n  " + string.Join("\n  ", violations))
{
    public IReadOnlyList<WireViolation> Violations { get; } = violations;
}
