using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace KeySecure.Cli.Tests.Webhooks;

/// <summary>
/// <c>keysecure webhook listen</c> as a separate process (<c>dotnet keysecure.dll</c>), driven from outside: HTTP posts
/// to the URL it names on stderr, signals to stop it, stdout and stderr read as lines.
/// </summary>
internal sealed partial class ListenProcess : IAsyncDisposable
{
    public const string AppId = "AK_listen_merchant";
    public const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<Uri> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ListenProcess(Process process) => _process = process;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    public string Stderr => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static async Task<ListenProcess> StartAsync(params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var arg in (string[])["webhook", "listen", "--port", "0", .. extraArgs]) start.ArgumentList.Add(arg);
        start.Environment["KEYSECURE_API_KEY"] = AppId;
        start.Environment["KEYSECURE_API_SECRET"] = Secret;

        var listen = new ListenProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        listen._process.OutputDataReceived += (_, e) => { if (e.Data is not null) listen._stdout.Enqueue(e.Data); };
        listen._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            listen._stderr.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m) listen._url.TrySetResult(new Uri(m.Groups["url"].Value));
        };
        listen._process.Exited += (_, _) => listen._url.TrySetException(new InvalidOperationException("keysecure webhook listen exited before listening."));
        listen._process.Start();
        listen._process.BeginOutputReadLine();
        listen._process.BeginErrorReadLine();
        try
        {
            listen.Url = await listen._url.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }
        catch (Exception e)
        {
            var stderr = listen.Stderr;
            await listen.DisposeAsync();
            throw new InvalidOperationException($"No listening line on stderr: {e.Message}\n{stderr}", e);
        }
        return listen;
    }

    /// <summary>Posts a body with the platform's headers; signs it independently of the SDK unless a signature is given.</summary>
    public async Task<(int Status, string Body)> PostAsync(string body, string signedText, long timestampMs, string? signature = null, string signVersion = "V1")
    {
        var timestamp = timestampMs.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Timestamp", timestamp);
        request.Headers.Add("Signature", signature ?? Hmac(signedText.Replace("{timestamp}", timestamp, StringComparison.Ordinal)));
        request.Headers.Add("Sign-Version", signVersion);
        request.Headers.Add("Timezone", "UTC+8");
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Sends a POSIX signal (SIGTERM 15, SIGINT 2) to the process.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastWin32Error()}");
    }

    /// <summary>Waits for the process to exit and its output to end; false when <paramref name="deadline"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }

    public override string ToString() => $"--- stdout ---\n{string.Join('\n', _stdout)}\n--- stderr ---\n{Stderr}";

    private static string Hmac(string text) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>The CLI's entry assembly, copied beside the tests with its runtimeconfig by the project reference.</summary>
    private static string CliAssembly()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "keysecure.dll");
        var config = Path.Combine(AppContext.BaseDirectory, "keysecure.runtimeconfig.json");
        Assert.True(File.Exists(dll) && File.Exists(config), $"keysecure.dll and its runtimeconfig are expected in {AppContext.BaseDirectory}.");
        return dll;
    }

    [GeneratedRegex(@"Listening for KeySecure webhooks on (?<url>http://\S+) ")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
