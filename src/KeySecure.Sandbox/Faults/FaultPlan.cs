namespace KeySecure.Sandbox.Faults;

/// <summary>The faults set per operation with <see cref="SandboxServer.FailNext"/>, each used for its next N calls, in order.</summary>
internal sealed class FaultPlan
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<Pending>> _byOperation = new(StringComparer.Ordinal);

    private sealed class Pending(SandboxFault fault, int times)
    {
        public SandboxFault Fault { get; } = fault;
        public int Remaining { get; set; } = times;
    }

    public void Add(string operationId, SandboxFault fault, int times)
    {
        lock (_gate)
        {
            if (!_byOperation.TryGetValue(operationId, out var queue)) _byOperation[operationId] = queue = new Queue<Pending>();
            queue.Enqueue(new Pending(fault, times));
        }
    }

    /// <summary>The fault the next call of <paramref name="operationId"/> answers with, counting it as used; null if none.</summary>
    public SandboxFault? Take(string operationId)
    {
        lock (_gate)
        {
            if (!_byOperation.TryGetValue(operationId, out var queue) || queue.Count == 0) return null;
            var next = queue.Peek();
            if (--next.Remaining == 0) queue.Dequeue();
            return next.Fault;
        }
    }

    public void Clear()
    {
        lock (_gate) _byOperation.Clear();
    }
}
