using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KeySecure.Cli.Tests.Process;

namespace KeySecure.Cli.Tests.Webhooks;

/// <summary>
/// <c>keysecure webhook listen --port 0</c> as a separate process (<see cref="KeysecureProcess"/>), driven from outside:
/// HTTP posts signed as the platform signs them to the URL it names on stderr.
/// </summary>
internal sealed partial class ListenProcess : IDisposable
{
    public const string AppId = "AK_listen_merchant";
    public const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ListenProcess(KeysecureProcess process) => Process = process;

    public KeysecureProcess Process { get; }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<string> StdoutLines => Process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Starts a listener with the merchant's credentials and <paramref name="settings"/> (KEYSECURE_REDIS, say) in its environment.</summary>
    public static async Task<ListenProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string?> { ["KEYSECURE_API_KEY"] = AppId, ["KEYSECURE_API_SECRET"] = Secret };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) environment[name] = value;
        var listen = new ListenProcess(KeysecureProcess.Start(environment, stdin: null, "webhook", "listen", "--port", "0"));
        try
        {
            await listen.Process.WaitUntilAsync(p => ListeningLine().IsMatch(p.Stderr), TimeSpan.FromSeconds(60));
        }
        catch
        {
            listen.Dispose();
            throw;
        }
        listen.Url = new Uri(ListeningLine().Match(listen.Process.Stderr).Groups["url"].Value);
        return listen;
    }

    /// <summary>
    /// Posts a body with the platform's headers, signed over <paramref name="signedText"/> (its <c>{timestamp}</c>
    /// replaced) independently of the SDK, unless a signature is given.
    /// </summary>
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

    public void Dispose()
    {
        _http.Dispose();
        Process.Dispose();
    }

    public override string ToString() => Process.ToString();

    private static string Hmac(string text) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    [GeneratedRegex(@"Listening for KeySecure webhooks on (?<url>http://\S+) ")]
    private static partial Regex ListeningLine();
}
