namespace KeySecure.Sandbox;

/// <summary>A cardholder as the sandbox holds it (<see cref="SandboxServer.Cardholders"/>).</summary>
/// <param name="CardholderNo">The platform's <c>cardholder_no</c>.</param>
/// <param name="CardholderUniqueNo">The merchant's <c>cardholder_unique_no</c>.</param>
/// <param name="Status">KYC status: <c>Pending</c>, <c>Approved</c> or <c>Rejected</c>.</param>
/// <param name="Balance">The credit-mode account balance (TUSDT).</param>
public sealed record SandboxCardholder(string CardholderNo, string CardholderUniqueNo, string Status, decimal Balance);

/// <summary>A card as the sandbox holds it (<see cref="SandboxServer.Cards"/>); its number, CVV and PIN are not exposed.</summary>
/// <param name="CardNo">The platform's <c>card_no</c> (an order number, not the PAN).</param>
/// <param name="CardUniqueNo">The merchant's <c>card_unique_no</c>.</param>
/// <param name="CardholderNo">The cardholder's <c>cardholder_no</c>.</param>
/// <param name="Type"><c>Virtual</c> or <c>Physical</c>.</param>
/// <param name="Status">The card status, e.g. <c>Activated</c>, <c>ToActivate</c>, <c>Frozen</c>, <c>Delete</c>.</param>
public sealed record SandboxCard(string CardNo, string CardUniqueNo, string CardholderNo, string Type, string Status);

/// <summary>A consumption (transaction) as the sandbox holds it (<see cref="SandboxServer.Consumptions"/>).</summary>
/// <param name="ConsumeNo">The platform's <c>consume_no</c>.</param>
/// <param name="ConsumeRelateNo">The original consumption of a reversal or refund; null otherwise.</param>
/// <param name="CardNo">The card's <c>card_no</c>.</param>
/// <param name="CardholderNo">The cardholder's <c>cardholder_no</c>.</param>
/// <param name="Type">The spec's <c>ConsumptionType</c>, e.g. <c>Consumption</c>, <c>Reversal</c>, <c>Refund</c>.</param>
/// <param name="Status"><c>Pending</c>, <c>Success</c> or <c>Fail</c>.</param>
/// <param name="Amount">The amount.</param>
/// <param name="Currency">The ISO currency code.</param>
/// <param name="Fee">The fee charged (0 when none).</param>
public sealed record SandboxConsumption(
    string ConsumeNo, string? ConsumeRelateNo, string CardNo, string CardholderNo, string Type, string Status, decimal Amount, string Currency, decimal Fee);

/// <summary>A transfer as the sandbox holds it (<see cref="SandboxServer.Transfers"/>).</summary>
/// <param name="TransferNo">The platform's <c>transfer_no</c>.</param>
/// <param name="TransferUniqueNo">The merchant's <c>transfer_unique_no</c>.</param>
/// <param name="CardholderNo">The cardholder's <c>cardholder_no</c>.</param>
/// <param name="Type"><c>In</c> or <c>Out</c>.</param>
/// <param name="Amount">The amount moved (TUSDT).</param>
/// <param name="BalanceAfter">The cardholder's balance after it.</param>
public sealed record SandboxTransfer(string TransferNo, string TransferUniqueNo, string CardholderNo, string Type, decimal Amount, decimal BalanceAfter);

/// <summary>
/// A request the sandbox received (<see cref="SandboxServer.Requests"/>), as it came over the wire, so a merchant's test
/// can check what its code sent (e.g. against the spec). <see cref="ToString"/> shows method and path only: headers carry
/// credentials and bodies card data.
/// </summary>
/// <param name="Time">When it arrived, on the sandbox clock.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query string.</param>
/// <param name="OperationId">The spec's <c>operationId</c> it was routed to; null if none.</param>
/// <param name="Headers">The request headers (several values of one header joined with a comma).</param>
/// <param name="Body">The body as text; empty when none.</param>
public sealed record SandboxRequest(
    DateTimeOffset Time, string Method, string PathAndQuery, string? OperationId, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>
    /// How the request breaks the spec it was sent under (<c>openapi/*.yaml</c>, as built into the sandbox): empty when
    /// it follows it. <see cref="SandboxServer.AssertRequestsFollowSpec"/> fails a test on any.
    /// </summary>
    public IReadOnlyList<SandboxViolation> Violations { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Method} {PathAndQuery}";
}
