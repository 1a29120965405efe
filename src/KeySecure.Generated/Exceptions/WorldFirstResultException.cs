using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Exceptions;

/// <summary>WorldFirst answered with a result other than <c>S</c>: what both <c>F</c> and <c>U</c> carry.</summary>
public abstract class WorldFirstResultException : ProviderException
{
    /// <summary>Creates the exception; <paramref name="outcome"/> words the status for the message.</summary>
    private protected WorldFirstResultException(string outcome, string resultCode, string? resultMessage, string? operationId, bool isSignatureVerified)
        : base(WorldFirstResultMessages.Compose(outcome, resultCode, resultMessage, operationId), operationId, statusCode: 200, resultCode, resultMessage, innerException: null)
    {
        ResultCode = resultCode;
        ResultMessage = resultMessage ?? string.Empty;
        Advice = WorldFirstResultCodes.AdviceFor(resultCode);
        IsSignatureVerified = isSignatureVerified;
    }

    /// <summary>The provider's <c>result.resultCode</c> (e.g. <c>INVALID_SIGNATURE</c>).</summary>
    public string ResultCode { get; }

    /// <summary>The provider's <c>result.resultMessage</c>, as sent.</summary>
    public string ResultMessage { get; }

    /// <summary>What to do, from the spec's <c>x-worldfirst-result-codes</c>; generic advice for an undocumented code.</summary>
    public string Advice { get; }

    /// <summary>True when the code is in the spec's catalog.</summary>
    public bool IsDocumented => WorldFirstResultCodes.IsDocumented(ResultCode);

    /// <summary>
    /// False when the response came unsigned and was accepted only because an <c>F</c> or <c>U</c> result carries no
    /// card data (WorldFirst documents that some error responses are unsigned). Treat the code as a hint, not as proof.
    /// </summary>
    public bool IsSignatureVerified { get; }
}
