using System.Diagnostics;
using System.Text;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// One real WireMock standalone server (Java) per test run, shared by the <see cref="WireMockCollection"/>.
/// The process is always stopped: on dispose, on process exit and on Ctrl+C.
/// </summary>
public sealed class WireMockServer : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();
    private Process? _process;
    private string? _rootDir;
    private bool _stopped;

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public Uri BaseUri { get; private set; } = null!;

    public WireMockAdmin Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var java = WireMockLauncher.FindJava();
        var jar = WireMockLauncher.FindJar();
        _rootDir = Directory.CreateTempSubdirectory("ks-wiremock-").FullName;
        Directory.CreateDirectory(Path.Combine(_rootDir, "mappings"));
        Directory.CreateDirectory(Path.Combine(_rootDir, "__files"));

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        Console.CancelKeyPress += OnCancelKeyPress;

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++) // a port taken between probe and bind: try another
        {
            var port = WireMockLauncher.FreeLoopbackPort();
            StartProcess(java, jar, port);
            BaseUri = new Uri($"http://127.0.0.1:{port}");
            Admin = new WireMockAdmin(BaseUri);
            try
            {
                await WaitUntilHealthyAsync();
                return;
            }
            catch (Exception ex)
            {
                last = ex;
                Admin.Dispose();
                KillProcess();
            }
        }
        Stop();
        throw new InvalidOperationException($"WireMock did not start: {last?.Message}", last);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>What WireMock printed (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void StartProcess(string java, string jar, int port)
    {
        var start = new ProcessStartInfo(java)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var arg in new[]
                 {
                     "-jar", jar, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--bind-address", "127.0.0.1", "--disable-banner", "--root-dir", _rootDir!,
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate) _process = process;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 64 * 1024) _output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"WireMock exited with code {exited.ExitCode}: {Output}");
            }
            foreach (var probe in new[] { "/__admin/health", "/__admin/mappings" })
            {
                try
                {
                    using var response = await http.GetAsync(probe);
                    if (response.IsSuccessStatusCode) return;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"WireMock did not answer /__admin/health within {StartupTimeout.TotalSeconds} s: {Output}");
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => Stop();

    private void Stop()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
        }
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Console.CancelKeyPress -= OnCancelKeyPress;
        Admin?.Dispose();
        KillProcess();
        try
        {
            if (_rootDir is not null && Directory.Exists(_rootDir)) Directory.Delete(_rootDir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private void KillProcess()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { } // already gone
        finally
        {
            process.Dispose();
        }
    }
}
