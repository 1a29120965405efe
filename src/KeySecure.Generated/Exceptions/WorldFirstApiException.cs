using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Exceptions;

/// <summary>WorldFirst answered <c>result.resultStatus = F</c>: the call failed for the reason in <see cref="ResultCode"/>.</summary>
public sealed class WorldFirstApiException : KeySecureException
{
    /// <summary>Creates the exception for a failure result.</summary>
    public WorldFirstApiException(string resultCode, string? resultMessage, string? operationId, bool isSignatureVerified)
        : base(WorldFirstResultMessages.Compose("failed", resultCode, resultMessage, operationId), operationId)
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
    /// False when the response came unsigned and was accepted only because an <c>F</c> result carries no card data
    /// (WorldFirst documents that some error responses are unsigned). Treat the code as a hint, not as proof.
    /// </summary>
    public bool IsSignatureVerified { get; }
}
