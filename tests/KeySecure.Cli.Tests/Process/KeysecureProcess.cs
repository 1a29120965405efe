using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace KeySecure.Cli.Tests.Process;

/// <summary>The built <c>keysecure</c> executable run as a separate process (for what only a process has: signals, exit).</summary>
public sealed class KeysecureProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private KeysecureProcess(System.Diagnostics.Process process)
    {
        _process = process;
    }

    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet keysecure.dll</c> from the test's output folder, with no KEYSECURE_/WORLDFIRST_ settings and stdin closed.</summary>
    public static KeysecureProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), stdin: null, args);

    /// <summary>Starts it with only <paramref name="environment"/> as KEYSECURE_/WORLDFIRST_ settings and <paramref name="stdin"/> on stdin (then closed).</summary>
    public static KeysecureProcess Start(IDictionary<string, string?> environment, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "keysecure.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("KEYSECURE_", StringComparison.Ordinal) || k.StartsWith("WORLDFIRST_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var process = new System.Diagnostics.Process { StartInfo = start };
        var running = new KeysecureProcess(process);
        process.OutputDataReceived += (_, e) => Append(running._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(running._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        return running;
    }

    /// <summary>Waits until <paramref name="ready"/> holds, failing with both streams if the process exits or the deadline passes.</summary>
    public async Task WaitUntilAsync(Func<KeysecureProcess, bool> ready, TimeSpan deadline)
    {
        var until = DateTimeOffset.UtcNow + deadline;
        while (!ready(this))
        {
            Assert.False(_process.HasExited, $"exited with {(_process.HasExited ? _process.ExitCode : 0)} before it was ready\n{this}");
            if (DateTimeOffset.UtcNow > until) throw new TimeoutException($"not ready within {deadline.TotalSeconds} s\n{this}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Sends a POSIX signal (15 = SIGTERM, 2 = SIGINT) to the process.</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>True if the process exited within <paramref name="deadline"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan deadline)
    {
        try
        {
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(deadline, TestContext.Current.CancellationToken);
            _process.WaitForExit(); // lets the redirected streams drain
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public override string ToString() => $"--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null) return;
        lock (buffer) buffer.AppendLine(line);
    }

    /// <summary>The <c>dotnet</c> host running these tests (DOTNET_HOST_PATH under <c>dotnet test</c>), else the one on the PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var beside = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(beside) ? beside : "dotnet";
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
