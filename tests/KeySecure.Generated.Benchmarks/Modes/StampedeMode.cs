using System.Diagnostics;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 4: N concurrent first calls through a cold SDK client (no token yet). Exactly one Get Token must be
/// sent. Run against the loopback server (token answered after 20 ms) and against a canned handler (token answered
/// after 20 ms), at the library's default concurrency limit (RateLimiter:DefaultRateLimiterOptions:PermitLimit).
/// </summary>
public static class StampedeMode
{
    public static async Task RunAsync(Report report, int callers)
    {
        report.Line($"### Token stampede ({callers:N0} concurrent first calls, Get Token answered after 20 ms)");
        report.Line();
        report.Line("| Network | Concurrency limit (PermitLimit) | Token requests sent | Calls OK | Calls failed | Time to all complete (ms) | Failures |");
        report.Line("|---|---:|---:|---:|---:|---:|---|");

        await using (var server = await LoopbackServer.StartAsync())
        {
            server.TokenDelay = TimeSpan.FromMilliseconds(20);
            await Row(report, "loopback Kestrel", callers, null, server.BaseAddress, () => server.TokenRequests, null);
        }
        foreach (var limit in new int?[] { null, callers + 1 })
        {
            var canned = new CannedHandler(tokenDelay: TimeSpan.FromMilliseconds(20));
            await Row(report, "canned handler", callers, canned, null, () => canned.TokenRequests, limit);
        }
        report.Line();
    }

    private static async Task Row(Report report, string network, int callers, HttpMessageHandler? primary, Uri? baseAddress, Func<int> tokenRequests, int? limit)
    {
        await using var services = Sdk.Create(primary, baseAddress, configure: options =>
        {
            if (limit is { } l) options.Resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = l;
        });
        var cards = services.GetRequiredService<ICardsClient>();
        var defaultLimit = new Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions().RateLimiter.DefaultRateLimiterOptions.PermitLimit;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0L;
        var tasks = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            await gate.Task.ConfigureAwait(false);
            try
            {
                await cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (Exception e)
            {
                return e.GetType().Name + ": " + e.Message;
            }
        })).ToArray();
        await Task.Delay(200); // every caller is parked on the gate (asynchronously) before it opens
        started = Stopwatch.GetTimestamp();
        gate.SetResult();
        var outcomes = await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var failures = outcomes.Where(o => o is not null).GroupBy(o => o!).Select(g => $"{g.Count()} x {g.Key}").ToArray();
        var setting = limit is null ? "default limit" : $"PermitLimit {limit}";
        report.AtMost($"stampede.{(primary is null ? "loopback" : "canned")}.{(limit is null ? "default" : "raised")}.token-requests", "stampede",
            $"Get Token requests sent by {callers:N0} concurrent first calls ({network}, {setting})", tokenRequests(), 1,
            tokenRequests() <= 1 ? null : "The single-flight token refresh let more than one Get Token through.", unit: "");
        report.AtMost($"stampede.{(primary is null ? "loopback" : "canned")}.{(limit is null ? "default" : "raised")}.failed-calls", "stampede",
            $"Failed calls among {callers:N0} concurrent first calls ({network}, {setting})", outcomes.Count(o => o is not null), 0,
            failures.Length == 0 ? null : string.Join("; ", failures), unit: "");
        report.Line($"| {network} | {limit ?? defaultLimit} | {tokenRequests()} | {outcomes.Count(o => o is null)} | {outcomes.Count(o => o is not null)} | " +
                    $"{elapsed.TotalMilliseconds:N0} | {(failures.Length == 0 ? "none" : string.Join("; ", failures).Replace("|", "/"))} |");
    }
}
