using System.Collections.Frozen;
using System.Runtime.InteropServices;
using KeySecure.Generated.Http;

namespace KeySecure.Cli.Hosting;

/// <summary>
/// Runs one SDK call so that stopping the command never hides what the call did. A read gets the command's token and
/// ends at once on a signal. A call that changes state or moves money (the spec's <c>x-keysecure-effect</c>, read
/// from the SDK's operation catalog) is not cut off by the first signal: it gets up to <see cref="GraceAfter"/> to
/// bring back its answer, which is then reported as usual (exit 0, or the provider's error). When the grace runs out,
/// or a second signal arrives, the call is cancelled and the SDK reports that it may have been applied
/// (<c>CallCanceledException</c>, exit 6).
/// </summary>
internal sealed class WriteGrace(ShutdownSignals signals, TextWriter stderr)
{
    private static readonly FrozenDictionary<string, bool> ChangesStateByOperation = OperationCatalog.All
        .Select(entry => entry.Operation)
        .DistinctBy(operation => operation.OperationId, StringComparer.Ordinal)
        .ToFrozenDictionary(operation => operation.OperationId, operation => operation.Effect != OperationEffect.Read, StringComparer.Ordinal);

    /// <summary>
    /// How long a write may still take after the first signal: at most 4 s, and 3 s for SIGTERM and SIGQUIT so that
    /// cancelling and reporting still fit in the 5 s within which every command ends on SIGTERM.
    /// </summary>
    public static TimeSpan GraceAfter(PosixSignal? signal) =>
        signal is PosixSignal.SIGTERM or PosixSignal.SIGQUIT ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(4);

    /// <summary>True when <paramref name="operationId"/> changes state or moves money, as the SDK's catalog says.</summary>
    /// <exception cref="ArgumentException">The SDK has no operation of that id.</exception>
    public static bool ChangesState(string operationId) =>
        ChangesStateByOperation.TryGetValue(operationId, out var changesState)
            ? changesState
            : throw new ArgumentException($"'{operationId}' is not an operationId of the SDK.", nameof(operationId));

    /// <summary>Runs <paramref name="call"/>, the SDK call of <paramref name="operationId"/>, under the command's token <paramref name="stop"/>.</summary>
    public async Task<T> RunAsync<T>(string operationId, Func<CancellationToken, Task<T>> call, CancellationToken stop)
    {
        if (!ChangesState(operationId)) return await call(stop).ConfigureAwait(false);

        // Stopped before it started: nothing was sent and nothing will be.
        stop.ThrowIfCancellationRequested();
        using var inFlight = signals.TrackWrite();
        using var callCancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, signals.Time);
        using var onSecondSignal = signals.SecondSignal.Register(callCancellation.Cancel);
        using var onStop = stop.Register(() =>
        {
            var grace = GraceAfter(signals.First);
            callCancellation.CancelAfter(grace); // before the notice: whoever reads it may count on the grace having started
            stderr.WriteLine($"Waiting up to {grace.TotalSeconds:0} s for the provider's answer to {operationId}, so that its outcome is known " +
                "(a second signal stops waiting; the outcome is then unknown).");
        });

        var result = await call(callCancellation.Token).ConfigureAwait(false);
        if (stop.IsCancellationRequested) stderr.WriteLine($"{operationId} answered in time: its result is reported as usual.");
        return result;
    }
}
