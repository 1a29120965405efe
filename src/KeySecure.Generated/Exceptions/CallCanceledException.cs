namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The caller cancelled a call that changes state or moves money after a byte of it may have reached the provider:
/// it is still an <see cref="OperationCanceledException"/> (existing <c>catch</c> blocks keep working), but the call
/// may have been applied. Read the resource back before sending it again (see <see cref="KeySecureException.OutcomeUnknown"/>;
/// the message says how). A cancelled read, or a write cancelled before anything was sent, is a plain
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class CallCanceledException : OperationCanceledException
{
    internal CallCanceledException(string? operationId, Exception? innerException, CancellationToken cancellationToken)
        : base(BuildMessage(operationId), innerException, cancellationToken)
    {
        OperationId = operationId;
    }

    /// <summary>The spec's operationId of the cancelled call (e.g. <c>TransferFunds</c>).</summary>
    public string? OperationId { get; }

    /// <summary>Always true: the call was cancelled after it may have reached the provider, so it may have been applied.</summary>
    public bool OutcomeUnknown => true;

    private static string BuildMessage(string? operationId) =>
        "The call was cancelled by the caller after it may have reached the provider." + Http.CallOutcome.Describe(operationId);
}
