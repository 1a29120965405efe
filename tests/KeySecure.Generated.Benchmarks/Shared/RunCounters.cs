namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>
/// Process-wide counters around one measured run, to find what serialises callers: GC collections and pause time,
/// bytes allocated, <see cref="Monitor.LockContentionCount"/> (a lock some caller had to wait for), thread-pool work
/// items, and the thread-pool queue length and thread count sampled every 5 ms from a dedicated thread (not a pool
/// thread, so sampling does not queue behind the work it measures). Process-wide means the in-process server's share
/// is included: compare clients with each other, within the run.
/// </summary>
public sealed class RunCounters
{
    public int Gen0 { get; private init; }
    public int Gen1 { get; private init; }
    public int Gen2 { get; private init; }
    public TimeSpan GcPause { get; private init; }
    public long AllocatedBytes { get; private init; }
    public long LockContentions { get; private init; }
    public long WorkItems { get; private init; }
    public long QueueSampleSum { get; private init; }
    public int QueueSamples { get; private init; }
    public long QueueMax { get; private init; }
    public int ThreadsMax { get; private init; }

    public double QueueMean => QueueSamples == 0 ? 0 : (double)QueueSampleSum / QueueSamples;

    /// <summary>Runs <paramref name="run"/> and returns the counters' change over it.</summary>
    public static async Task<(T Result, RunCounters Counters)> MeasureAsync<T>(Func<Task<T>> run)
    {
        var sampler = new QueueSampler();
        var before = Snapshot.Take();
        sampler.Start();
        T result;
        try
        {
            result = await run().ConfigureAwait(false);
        }
        finally
        {
            sampler.Stop();
        }
        var after = Snapshot.Take();
        return (result, new RunCounters
        {
            Gen0 = after.Gen0 - before.Gen0,
            Gen1 = after.Gen1 - before.Gen1,
            Gen2 = after.Gen2 - before.Gen2,
            GcPause = after.Pause - before.Pause,
            AllocatedBytes = after.Allocated - before.Allocated,
            LockContentions = after.Contentions - before.Contentions,
            WorkItems = after.WorkItems - before.WorkItems,
            QueueSampleSum = sampler.Sum,
            QueueSamples = sampler.Count,
            QueueMax = sampler.Max,
            ThreadsMax = sampler.ThreadsMax,
        });
    }

    public static RunCounters operator +(RunCounters a, RunCounters b) => new()
    {
        Gen0 = a.Gen0 + b.Gen0,
        Gen1 = a.Gen1 + b.Gen1,
        Gen2 = a.Gen2 + b.Gen2,
        GcPause = a.GcPause + b.GcPause,
        AllocatedBytes = a.AllocatedBytes + b.AllocatedBytes,
        LockContentions = a.LockContentions + b.LockContentions,
        WorkItems = a.WorkItems + b.WorkItems,
        QueueSampleSum = a.QueueSampleSum + b.QueueSampleSum,
        QueueSamples = a.QueueSamples + b.QueueSamples,
        QueueMax = Math.Max(a.QueueMax, b.QueueMax),
        ThreadsMax = Math.Max(a.ThreadsMax, b.ThreadsMax),
    };

    /// <summary>The counters per 1,000 calls (rates) and per call (bytes), as report columns.</summary>
    public Dictionary<string, object?> PerCalls(int calls) => new()
    {
        ["allocatedBytesPerCall"] = Math.Round((double)AllocatedBytes / calls),
        ["gen0PerThousandCalls"] = Math.Round(Gen0 * 1000.0 / calls, 3),
        ["gen1PerThousandCalls"] = Math.Round(Gen1 * 1000.0 / calls, 3),
        ["gen2PerThousandCalls"] = Math.Round(Gen2 * 1000.0 / calls, 3),
        ["gcPauseMs"] = Math.Round(GcPause.TotalMilliseconds, 2),
        ["lockContentionsPerThousandCalls"] = Math.Round(LockContentions * 1000.0 / calls, 3),
        ["threadPoolWorkItemsPerCall"] = Math.Round((double)WorkItems / calls, 2),
        ["threadPoolQueueMean"] = Math.Round(QueueMean, 2),
        ["threadPoolQueueMax"] = QueueMax,
        ["threadPoolThreadsMax"] = ThreadsMax,
    };

    private readonly record struct Snapshot(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated, long Contentions, long WorkItems)
    {
        public static Snapshot Take() => new(
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
            GC.GetTotalAllocatedBytes(precise: false), Monitor.LockContentionCount, ThreadPool.CompletedWorkItemCount);
    }

    private sealed class QueueSampler
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public QueueSampler() => _thread = new Thread(Sample) { IsBackground = true, Name = "queue sampler" };

        public long Sum { get; private set; }
        public int Count { get; private set; }
        public long Max { get; private set; }
        public int ThreadsMax { get; private set; }

        public void Start() => _thread.Start();

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }

        private void Sample()
        {
            while (!_stop)
            {
                var queued = ThreadPool.PendingWorkItemCount;
                Sum += queued;
                Count++;
                Max = Math.Max(Max, queued);
                ThreadsMax = Math.Max(ThreadsMax, ThreadPool.ThreadCount);
                Thread.Sleep(5);
            }
        }
    }
}
