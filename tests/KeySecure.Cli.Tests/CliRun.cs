using System.Text;
using System.Text.Json.Nodes;
using KeySecure.Cli;

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

/// <summary>A long-running command (<c>sandbox</c>) started in-process, stopped by cancelling its token.</summary>
public sealed class RunningCommand : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    private RunningCommand(string[] args, IDictionary<string, string?> environment)
    {
        Exit = CliApp.RunAsync(args, Stdout, Stderr, environment, _stop.Token);
    }

    public ConcurrentStringWriter Stdout { get; } = new();

    public ConcurrentStringWriter Stderr { get; } = new();

    public Task<int> Exit { get; }

    /// <summary>Starts the command and waits (up to 10 s) for the JSON document it prints once it is ready.</summary>
    public static async Task<(RunningCommand Command, System.Text.Json.Nodes.JsonObject Printed)> StartAsync(IDictionary<string, string?> environment, params string[] args)
    {
        var command = new RunningCommand(args, environment);
        for (var i = 0; i < 200; i++)
        {
            var text = command.Stdout.ToString();
            if (text.TrimEnd().EndsWith('}')) return (command, System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject());
            Assert.False(command.Exit.IsCompleted, $"exited early with {(command.Exit.IsCompleted ? command.Exit.Result : 0)}:\n{command.Stderr}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"nothing printed within 10 s:\n{command.Stderr}");
    }

    /// <summary>Cancels the command's token (what a signal does in the executable) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Exit.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exit.IsCompleted) await StopAsync();
        _stop.Dispose();
    }
}
