using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Exceptions;

/// <summary>
/// WorldFirst answered <c>result.resultStatus = U</c>: the outcome is unknown and the query should be sent again on
/// <see cref="RetrySchedule"/> (see <see cref="WorldFirstUnknownResultPoller"/>).
/// </summary>
public sealed class WorldFirstUnknownResultException : KeySecureException
{
    /// <summary>Creates the exception for an unknown result.</summary>
    public WorldFirstUnknownResultException(string resultCode, string? resultMessage, string? operationId, bool isSignatureVerified)
        : base(WorldFirstResultMessages.Compose("has an unknown result", resultCode, resultMessage, operationId), operationId)
    {
        ResultCode = resultCode;
        ResultMessage = resultMessage ?? string.Empty;
        Advice = WorldFirstResultCodes.AdviceFor(resultCode);
        IsSignatureVerified = isSignatureVerified;
    }

    /// <summary>The provider's <c>result.resultCode</c> (e.g. <c>UNKNOWN_EXCEPTION</c>).</summary>
    public string ResultCode { get; }

    /// <summary>The provider's <c>result.resultMessage</c>, as sent.</summary>
    public string ResultMessage { get; }

    /// <summary>What to do, from the spec's catalog; generic advice for an undocumented code.</summary>
    public string Advice { get; }

    /// <summary>False when the response came unsigned (a <c>U</c> result carries no card data).</summary>
    public bool IsSignatureVerified { get; }

    /// <summary>The provider's schedule: query again after 5, 10, 20, 40, 80, 160 and 320 minutes, then give up.</summary>
    public IReadOnlyList<TimeSpan> RetrySchedule => WorldFirstResultCodes.UnknownRetrySchedule;

    /// <summary>Always true: the same query may succeed later.</summary>
    public override bool IsTransient => true;
}
