using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.WorldFirst;

/// <summary>Queries again after a <c>U</c> (unknown) result, on WorldFirst's documented schedule.</summary>
public static class WorldFirstUnknownResultPoller
{
    /// <summary>
    /// Calls <see cref="IWorldCardClient.QueryCardSensitiveInfoAsync(QueryCardSensitiveInfoRequest, CancellationToken)"/>
    /// and, while it throws <see cref="WorldFirstUnknownResultException"/>, waits the next delay of
    /// <see cref="WorldFirstResultCodes.UnknownRetrySchedule"/> (5, 10, 20, 40, 80, 160, 320 minutes) and queries again:
    /// at most 7 retries, after which the last <see cref="WorldFirstUnknownResultException"/> is rethrown.
    /// </summary>
    /// <remarks>
    /// Only U is retried: F, signature failures and unusable responses propagate at once. The waits use
    /// <paramref name="timeProvider"/>, so tests advance time instead of sleeping; the whole schedule spans about 10.5 hours,
    /// so callers usually run this in a background job.
    /// </remarks>
    public static async Task<CardSensitiveInfo> QueryCardSensitiveInfoUntilKnownAsync(
        this IWorldCardClient client, QueryCardSensitiveInfoRequest request, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var schedule = WorldFirstResultCodes.UnknownRetrySchedule;
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await client.QueryCardSensitiveInfoAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (WorldFirstUnknownResultException) when (retry < schedule.Count)
            {
                // Swallowed only while retries remain; the filter lets the last one propagate unchanged.
            }

            await Task.Delay(schedule[retry], timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
