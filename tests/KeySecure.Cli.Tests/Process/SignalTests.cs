using KeySecure.Generated.Tests.Support;
using System.Runtime.Versioning;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using KeySecure.Cli.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace KeySecure.Cli.Tests.Process;

/// <summary>
/// Long-running commands stop cleanly on SIGTERM and SIGINT: the executable is started in the background, signalled,
/// and must have exited by a five-second deadline (a deadline on a wait, not a measured time).
/// </summary>
public sealed class SignalTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60); // a cold start on a busy machine
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(5);

    private readonly string _directory = Directory.CreateTempSubdirectory("ks-cli-signal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Slow]
    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    [UnsupportedOSPlatform("windows")]
    public async Task Sandbox_in_the_background_exits_within_five_seconds_of_a_signal_and_saves_its_state(int signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("POSIX signals");
        var stateFile = Path.Combine(_directory, "state.json");
        using var sandbox = KeysecureProcess.Start("sandbox", "--state-file", stateFile);
        await sandbox.WaitUntilAsync(p => p.Stdout.TrimEnd().EndsWith('}') && p.Stderr.Contains("listening", StringComparison.Ordinal), Ready);
        var printed = JsonNode.Parse(sandbox.Stdout)!;
        var keyFile = (string)printed["environment"]!["WORLDFIRST_PRIVATE_KEY_FILE"]!;

        sandbox.Signal(signal);

        Assert.True(await sandbox.ExitsWithinAsync(StopDeadline), $"still running {StopDeadline.TotalSeconds} s after signal {signal}\n{sandbox}");
        Assert.Equal(0, sandbox.ExitCode);
        Assert.Contains("state saved", sandbox.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stateFile));
        Assert.False(File.Exists(keyFile)); // cleaned up on the way out
    }

    [Slow]
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Tour_in_the_background_exits_within_five_seconds_of_SIGTERM_with_its_summary()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("POSIX signals");
        using var tour = KeysecureProcess.Start("tour");
        await tour.WaitUntilAsync(p => p.Stderr.Contains("[ 3]", StringComparison.Ordinal), Ready);

        tour.Signal(SigTerm);

        Assert.True(await tour.ExitsWithinAsync(StopDeadline), $"still running {StopDeadline.TotalSeconds} s after SIGTERM\n{tour}");
        Assert.Equal(ExitCodes.Cancelled, tour.ExitCode);
        var summary = JsonNode.Parse(tour.Stdout)!;
        Assert.False((bool?)summary["ok"]);
        Assert.Equal(ExitCodes.Cancelled, (int?)summary["exit_code"]);
    }

    [Fact]
    public void The_first_signal_cancels_the_command_and_a_second_ends_the_process()
    {
        var exits = new List<int>();
        using var signals = ShutdownSignals.Register(TextWriter.Null, exits.Add);

        var first = new PosixSignalContext(PosixSignal.SIGTERM);
        signals.OnSignal(first);
        Assert.True(first.Cancel); // the default termination is suppressed: the command ends by itself
        Assert.True(signals.Token.IsCancellationRequested);
        Assert.Empty(exits);

        var second = new PosixSignalContext(PosixSignal.SIGINT);
        signals.OnSignal(second);
        Assert.Equal([130], exits);
    }

    [Fact]
    public void A_second_signal_during_a_write_cancels_it_and_ends_the_process_with_6_only_if_the_command_has_not_ended_a_second_later()
    {
        var exits = new List<int>();
        var clock = new FakeTimeProvider();
        using var signals = ShutdownSignals.Unregistered(TextWriter.Null, exits.Add, clock);
        using var write = signals.TrackWrite();

        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGINT));
        Assert.True(signals.Token.IsCancellationRequested);
        Assert.False(signals.SecondSignal.IsCancellationRequested); // the write keeps its grace

        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGINT));
        Assert.True(signals.SecondSignal.IsCancellationRequested);
        Assert.Empty(exits); // the command gets to report the unknown outcome itself

        clock.Advance(ShutdownSignals.SecondSignalDeadline - TimeSpan.FromMilliseconds(1));
        Assert.Empty(exits);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([ExitCodes.OutcomeUnknown], exits);
    }

    [Fact]
    public void A_third_signal_during_a_write_ends_the_process_with_6_at_once()
    {
        var exits = new List<int>();
        using var signals = ShutdownSignals.Unregistered(TextWriter.Null, exits.Add, new FakeTimeProvider());
        using var write = signals.TrackWrite();

        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));
        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));
        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));

        Assert.Equal([ExitCodes.OutcomeUnknown], exits);
    }

    [Fact]
    public void A_second_signal_once_the_write_has_its_answer_ends_the_process_at_once_with_the_signals_code()
    {
        var exits = new List<int>();
        using var signals = ShutdownSignals.Unregistered(TextWriter.Null, exits.Add, new FakeTimeProvider());
        var write = signals.TrackWrite();
        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));
        write.Dispose(); // answered within the grace

        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));

        Assert.Equal([143], exits);
    }
}
