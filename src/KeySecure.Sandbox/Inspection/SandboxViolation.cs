namespace KeySecure.Sandbox;

/// <summary>
/// One way a request the sandbox received breaks the spec (<see cref="SandboxRequest.Violations"/>): the operation,
/// where (a JSON pointer into the body, or the parameter or header), the rule broken and why. It never carries the
/// offending value: request bodies hold card data and headers credentials.
/// </summary>
/// <param name="OperationId">The spec's <c>operationId</c>; <c>(no operation)</c> when the spec has none for the method and path.</param>
/// <param name="Location">A JSON pointer into the body (<c>/address_info/city</c>), or <c>path card_no</c>, <c>query page</c>, <c>header Access-Token</c>, <c>body</c>.</param>
/// <param name="Rule">The rule: a schema keyword (<c>required</c>, <c>type</c>, <c>enum</c>, <c>pattern</c>, <c>maxLength</c>, ...), <c>undeclared</c>, <c>security</c>, <c>content</c>, <c>json</c> or <c>operation</c>.</param>
/// <param name="Message">Why, in words.</param>
public sealed record SandboxViolation(string OperationId, string Location, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{OperationId} request {Location}: [{Rule}] {Message}";
}

/// <summary>
/// Thrown by <see cref="SandboxServer.AssertRequestsFollowSpec"/>: requests the sandbox received break the spec; the
/// message lists each with its violations (operation, location, rule), never a value.
/// </summary>
public sealed class SandboxSpecException : Exception
{
    /// <summary>Lists <paramref name="requests"/>, each with its violations.</summary>
    internal SandboxSpecException(IReadOnlyList<SandboxRequest> requests)
        : base(Describe(requests))
    {
        Requests = requests;
    }

    /// <summary>The requests that break the spec, oldest first.</summary>
    public IReadOnlyList<SandboxRequest> Requests { get; }

    private static string Describe(IReadOnlyList<SandboxRequest> requests) =>
        $"{requests.Count} request(s) the sandbox received break the spec:"
        + string.Concat(requests.Select(r => $"\n  {r}" + string.Concat(r.Violations.Select(v => "\n    " + v))));
}
