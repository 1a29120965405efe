using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using KeySecure.Cli;
using KeySecure.Cli.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace KeySecure.Cli.Tests;

/// <summary>The outcome of one in-process run of the CLI.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout parsed as the one JSON document a successful command prints.</summary>
    public JsonObject Json()
    {
        try
        {
            return JsonNode.Parse(Stdout)!.AsObject();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"stdout is not one JSON object ({e.Message}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}", e);
        }
    }

    public string All => Stdout + "\n" + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs <see cref="CliApp.RunAsync"/> with captured writers and an explicit environment.</summary>
public static class CliRun
{
    public static Task<CliResult> RunAsync(IDictionary<string, string?> environment, params string[] args) =>
        RunAsync(environment, CliInput.None, args);

    /// <summary>Runs with <paramref name="input"/> as stdin and terminal (for <c>--cvv -</c>, <c>--pin -</c> and the prompt).</summary>
    public static async Task<CliResult> RunAsync(IDictionary<string, string?> environment, CliInput input, params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder());
        var stderr = new StringWriter(new StringBuilder());
        var exitCode = await CliApp.RunAsync(args, input, stdout, stderr, environment, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Input whose stdin holds <paramref name="line"/> and that has no terminal.</summary>
    public static CliInput Stdin(string line) => new(new StringReader(line + "\n"));

    /// <summary>Asserts the exit code, showing both streams when it differs.</summary>
    public static CliResult ShouldExit(this CliResult result, int expected)
    {
        Assert.True(result.ExitCode == expected, $"expected exit {expected}, got {result}");
        return result;
    }
}

/// <summary>A StringWriter safe to read while another thread writes (for long-running commands).</summary>
public sealed class ConcurrentStringWriter : StringWriter
{
    private readonly Lock _gate = new();

    public override void Write(char value)
    {
        lock (_gate) base.Write(value);
    }

    public override void Write(string? value)
    {
        lock (_gate) base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate) base.Write(buffer, index, count);
    }

    public override void WriteLine(string? value)
    {
        lock (_gate) base.WriteLine(value);
    }

    public override string ToString()
    {
        lock (_gate) return base.ToString();
    }
}

/// <summary>
/// A command started in-process that the test stops as the executable's signals would (<see cref="ShutdownSignals"/>),
/// on a clock it moves by hand: the write grace and the second signal's deadline run on <see cref="Clock"/>.
/// </summary>
public sealed class RunningCommand : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<int> _processExits = new();
    private readonly ShutdownSignals _signals;

    private RunningCommand(string[] args, IDictionary<string, string?> environment)
    {
        _signals = ShutdownSignals.Unregistered(Stderr, _processExits.Enqueue, Clock);
        Exit = CliApp.RunAsync(args, CliInput.None, Stdout, Stderr, environment, _signals);
    }

    public ConcurrentStringWriter Stdout { get; } = new();

    public ConcurrentStringWriter Stderr { get; } = new();

    public FakeTimeProvider Clock { get; } = new();

    public Task<int> Exit { get; }

    /// <summary>The codes the executable would have ended the process with (a signal that does not wait for the command).</summary>
    public IReadOnlyCollection<int> ProcessExits => _processExits;

    /// <summary>Starts the command and returns at once.</summary>
    public static RunningCommand Start(IDictionary<string, string?> environment, params string[] args) => new(args, environment);

    /// <summary>Starts the command and waits (up to 10 s) for the JSON document it prints once it is ready.</summary>
    public static async Task<(RunningCommand Command, JsonObject Printed)> StartAsync(IDictionary<string, string?> environment, params string[] args)
    {
        var command = Start(environment, args);
        for (var i = 0; i < 200; i++)
        {
            var text = command.Stdout.ToString();
            if (text.TrimEnd().EndsWith('}')) return (command, JsonNode.Parse(text)!.AsObject());
            Assert.False(command.Exit.IsCompleted, $"exited early with {(command.Exit.IsCompleted ? command.Exit.Result : 0)}:\n{command.Stderr}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"nothing printed within 10 s:\n{command.Stderr}");
    }

    /// <summary>Delivers <paramref name="signal"/> as the executable's handler would.</summary>
    public void Signal(PosixSignal signal) => _signals.OnSignal(new PosixSignalContext(signal));

    /// <summary>Waits (up to 10 s) until stderr contains <paramref name="text"/>.</summary>
    public async Task WaitForStderrAsync(string text)
    {
        var until = DateTimeOffset.UtcNow + Deadline;
        while (!Stderr.ToString().Contains(text, StringComparison.Ordinal))
        {
            if (Exit.IsCompleted) Assert.Fail($"exited before stderr said '{text}':\n{await ExitedAsync()}");
            if (DateTimeOffset.UtcNow > until) throw new TimeoutException($"stderr did not say '{text}' within {Deadline.TotalSeconds} s:\n{Stderr}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The command's result once it has ended by itself (it must within 10 s).</summary>
    public async Task<CliResult> ExitedAsync()
    {
        try
        {
            var exitCode = await Exit.WaitAsync(Deadline, TestContext.Current.CancellationToken);
            return new CliResult(exitCode, Stdout.ToString(), Stderr.ToString());
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"still running {Deadline.TotalSeconds} s later:\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        }
    }

    /// <summary>Sends SIGINT (what Ctrl-C does) and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Signal(PosixSignal.SIGINT);
        return (await ExitedAsync()).ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exit.IsCompleted)
        {
            Signal(PosixSignal.SIGINT);
            Signal(PosixSignal.SIGINT); // a write still waiting for its answer is cancelled too
            await ExitedAsync();
        }
        _signals.Dispose();
    }
}
