namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The base of every exception the SDK throws on purpose. Messages never carry card data, secrets, tokens or keys.
/// </summary>
public abstract class KeySecureException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected KeySecureException(string message, string? operationId, Exception? innerException = null)
        : base(message, innerException)
    {
        OperationId = operationId;
    }

    /// <summary>The spec's operationId of the call that failed, when known (e.g. <c>GetCardDetail</c>).</summary>
    public string? OperationId { get; }

    /// <summary>True when the same call may succeed if sent again later.</summary>
    public virtual bool IsTransient => false;
}
