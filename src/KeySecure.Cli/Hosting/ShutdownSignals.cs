using System.Runtime.InteropServices;

namespace KeySecure.Cli.Hosting;

/// <summary>
/// Turns SIGINT (Ctrl-C), SIGTERM (<c>docker stop</c>, systemd, CI teardown) and SIGQUIT into the two stages of a
/// command's shutdown. The first signal cancels <see cref="Token"/> and suppresses the default termination, so the
/// command stops its hosts, saves what it must and exits by itself; a call that changes state or moves money is given
/// a short grace to bring back its answer first (<see cref="WriteGrace"/>). A second signal ends the process at once,
/// unless such a call is still in flight: then it cancels <see cref="SecondSignal"/>, which cancels the call, and
/// leaves the command <see cref="SecondSignalDeadline"/> to report that its outcome is unknown (exit 6) before the
/// process ends anyway with 6. Every long-running command waits on <see cref="Token"/>, and every host it starts uses
/// <see cref="CommandHostLifetime"/>, so no host installs handlers of its own that would swallow a signal.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    /// <summary>How long a command has, after a second signal cancelled its write, to end by itself.</summary>
    public static readonly TimeSpan SecondSignalDeadline = TimeSpan.FromSeconds(1);

    private static readonly PosixSignal[] Handled = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT];

    private readonly CancellationTokenSource _first = new();
    private readonly CancellationTokenSource _second = new();
    private readonly List<IDisposable> _registrations = [];
    private readonly TextWriter _stderr;
    private readonly Action<int> _exit;
    private ITimer? _endAnyway;
    private int _received;
    private int _writesInFlight;

    private ShutdownSignals(TextWriter stderr, Action<int> exit, TimeProvider time)
    {
        _stderr = stderr;
        _exit = exit;
        Time = time;
    }

    /// <summary>Cancelled by the first signal: the command stops.</summary>
    public CancellationToken Token => _first.Token;

    /// <summary>Cancelled by the second signal: a write still waiting for its answer is cancelled.</summary>
    public CancellationToken SecondSignal => _second.Token;

    /// <summary>The signal that stopped the command; null before one arrived, or when a caller's token stopped it.</summary>
    public PosixSignal? First { get; private set; }

    /// <summary>The clock of the write grace and of <see cref="SecondSignalDeadline"/>.</summary>
    public TimeProvider Time { get; }

    /// <summary>Registers the process's handlers for the life of the returned object.</summary>
    /// <param name="stderr">Where the one-line notice of each signal goes.</param>
    /// <param name="exit">Ends the process (<see cref="Environment.Exit"/> in the executable).</param>
    public static ShutdownSignals Register(TextWriter stderr, Action<int>? exit = null)
    {
        var signals = new ShutdownSignals(stderr, exit ?? Environment.Exit, TimeProvider.System);
        foreach (var signal in Handled)
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, signals.OnSignal));
        }
        return signals;
    }

    /// <summary>
    /// For an in-process caller: <paramref name="stop"/> stands for a first signal (no notice is printed), there is no
    /// second one, and nothing ends the process.
    /// </summary>
    public static ShutdownSignals Following(CancellationToken stop)
    {
        var signals = new ShutdownSignals(TextWriter.Null, _ => { }, TimeProvider.System);
        signals._registrations.Add(stop.Register(() => signals.Receive(null)));
        return signals;
    }

    /// <summary>Signals delivered by calling <see cref="OnSignal"/> (tests), on <paramref name="time"/>.</summary>
    internal static ShutdownSignals Unregistered(TextWriter stderr, Action<int> exit, TimeProvider time) => new(stderr, exit, time);

    /// <summary>Marks a call that changes state or moves money as in flight until the returned object is disposed.</summary>
    public IDisposable TrackWrite()
    {
        Interlocked.Increment(ref _writesInFlight);
        return new WriteInFlight(this);
    }

    /// <summary>What a signal does: it never terminates the process by default; see the class for the two stages.</summary>
    internal void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Receive(context.Signal);
    }

    private void Receive(PosixSignal? signal)
    {
        var received = Interlocked.Increment(ref _received);
        var writing = Volatile.Read(ref _writesInFlight) > 0;
        if (received == 1)
        {
            First = signal;
            // During a write, WriteGrace says what it waits for as soon as the token is cancelled.
            if (signal is { } first) _stderr.WriteLine(writing ? $"{first} received." : $"{first} received: stopping (send it again to end at once).");
            _first.Cancel();
            return;
        }
        if (received == 2 && writing)
        {
            _stderr.WriteLine($"{signal} received again: cancelling the call in flight; its outcome is unknown.");
            _endAnyway = Time.CreateTimer(_ => _exit(ExitCodes.OutcomeUnknown), null, SecondSignalDeadline, Timeout.InfiniteTimeSpan);
            _second.Cancel();
            return;
        }
        _stderr.WriteLine($"{signal} received again: ending now.");
        _exit(writing ? ExitCodes.OutcomeUnknown : ExitCodeOf(signal ?? PosixSignal.SIGINT));
    }

    /// <summary>The shell's convention for a process ended by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).</summary>
    public static int ExitCodeOf(PosixSignal signal) => 128 + signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ => 0,
    };

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _endAnyway?.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    private sealed class WriteInFlight(ShutdownSignals signals) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref signals._writesInFlight);
        }
    }
}
