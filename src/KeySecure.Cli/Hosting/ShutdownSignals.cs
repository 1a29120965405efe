using System.Runtime.InteropServices;

namespace KeySecure.Cli.Hosting;

/// <summary>
/// Turns SIGINT (Ctrl-C), SIGTERM (<c>docker stop</c>, systemd, CI teardown) and SIGQUIT into one cancellation of
/// the running command: the first signal cancels <see cref="Token"/> and suppresses the default termination, so the
/// command stops its hosts, saves what it must and exits by itself; a second signal ends the process at once.
/// Every long-running command waits on this token, and every host it starts uses <see cref="CommandHostLifetime"/>,
/// so no host installs handlers of its own that would swallow a signal.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private static readonly PosixSignal[] Handled = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT];

    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _stderr;
    private readonly Action<int> _exit;
    private int _received;

    private ShutdownSignals(TextWriter stderr, Action<int> exit)
    {
        _stderr = stderr;
        _exit = exit;
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Registers the handlers for the life of the returned object.</summary>
    /// <param name="stderr">Where the one-line notice of each signal goes.</param>
    /// <param name="exit">Ends the process on a second signal (<see cref="Environment.Exit"/> in the executable).</param>
    public static ShutdownSignals Register(TextWriter stderr, Action<int>? exit = null)
    {
        var signals = new ShutdownSignals(stderr, exit ?? Environment.Exit);
        foreach (var signal in Handled)
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, signals.OnSignal));
        }
        return signals;
    }

    /// <summary>What a signal does: the first cancels, the second exits with 128 + the signal's number.</summary>
    internal void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _received) == 1)
        {
            _stderr.WriteLine($"{Name(context.Signal)} received: stopping (send it again to end at once).");
            _cancellation.Cancel();
            return;
        }
        _stderr.WriteLine($"{Name(context.Signal)} received again: ending now.");
        _exit(ExitCodeOf(context.Signal));
    }

    /// <summary>The shell's convention for a process ended by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).</summary>
    public static int ExitCodeOf(PosixSignal signal) => 128 + signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ => 0,
    };

    private static string Name(PosixSignal signal) => signal.ToString();

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
