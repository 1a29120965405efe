using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Exceptions;

/// <summary>
/// WorldFirst answered <c>result.resultStatus = U</c>: the outcome is unknown and the query should be sent again on
/// <see cref="RetrySchedule"/> (see <see cref="WorldFirstUnknownResultPoller"/>).
/// </summary>
public sealed class WorldFirstUnknownResultException : WorldFirstResultException
{
    /// <summary>Creates the exception for an unknown result.</summary>
    public WorldFirstUnknownResultException(string resultCode, string? resultMessage, string? operationId, bool isSignatureVerified)
        : base("has an unknown result", resultCode, resultMessage, operationId, isSignatureVerified)
    {
        // WorldFirst's first slot: far beyond any retry the SDK waits for, so the caller (or the poller) owns the schedule.
        RetryAfter = RetrySchedule[0];
    }

    /// <summary>The provider's schedule: query again after 5, 10, 20, 40, 80, 160 and 320 minutes, then give up.</summary>
    public IReadOnlyList<TimeSpan> RetrySchedule => WorldFirstResultCodes.UnknownRetrySchedule;

    /// <summary>Always true: the same query may succeed later.</summary>
    internal override bool IsTransientFailure => true;
}
