namespace KeySecure.Generated.Exceptions;

/// <summary>WorldFirst answered <c>result.resultStatus = F</c>: the call failed for the reason in <see cref="WorldFirstResultException.ResultCode"/>.</summary>
public sealed class WorldFirstApiException : WorldFirstResultException
{
    /// <summary>Creates the exception for a failure result.</summary>
    public WorldFirstApiException(string resultCode, string? resultMessage, string? operationId, bool isSignatureVerified)
        : base("failed", resultCode, resultMessage, operationId, isSignatureVerified)
    {
    }
}
