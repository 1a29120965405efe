using System.Diagnostics;
using System.Globalization;
using KeySecure.Generated.Benchmarks.Peers;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 3: a bounded number of GetCardDetail calls at concurrency 1, 16, 64 and 256 against the loopback Kestrel
/// server: the SDK (real DI client, default primary handler) against a raw HttpClient doing the same call (the floor
/// code over sockets), plus, as the profile, the SDK without its resilience handler (Polly:
/// the shared state every caller of a registration passes), and the hand-built peer (<see cref="HandBuiltPeer"/>: the
/// same Refit interface behind the library's standard resilience handler), judged at 16 callers and more. Runs are
/// interleaved A-B-C-D-D-C-B-A (each half of the calls) so drift on a shared machine hits every client;
/// <see cref="RunCounters"/> are taken around every run.
/// </summary>
public static class LoopbackMode
{
    public static readonly int[] Concurrency = [1, 16, 64, 256];
    private const double ThroughputTarget = 0.9;
    private const double P99Target = 1.5;
    private const double PeerTarget = 1.0;

    public static async Task RunAsync(Report report, int calls)
    {
        await using var server = await LoopbackServer.StartAsync();
        using var rawHttp = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(server.BaseAddress, "/open-api/v1/") };
        var raw = new FloorClient(rawHttp, Canned.ApiKey);
        await raw.WarmUpAsync(CancellationToken.None);
        await using var services = Sdk.Create(primary: null, baseAddress: server.BaseAddress);
        var sdk = services.GetRequiredService<ICardsClient>();
        await using var noResilienceServices = Sdk.Create(primary: null, baseAddress: server.BaseAddress, customize: Sdk.Without("ResilienceHandler"));
        var sdkNoResilience = noResilienceServices.GetRequiredService<ICardsClient>();
        using var handBuilt = new HandBuiltPeer(transport: null, new Uri(server.BaseAddress, "/open-api/v1/"), Canned.ApiKey);

        Func<Task> rawCall = () => raw.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
        Func<Task> sdkCall = () => sdk.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
        Func<Task> noResilienceCall = () => sdkNoResilience.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
        Func<Task> handBuiltCall = () => handBuilt.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

        report.Line($"### Loopback throughput and tail latency ({calls:N0} calls per client per concurrency, GET card detail, Kestrel on {server.BaseAddress.Authority})");
        report.Line();
        report.Line("| Callers | Raw calls/s | SDK calls/s | SDK/raw | Raw p50 / p99 (ms) | SDK p50 / p99 (ms) | p99 SDK/raw | Hand-built calls/s, p50 / p99 (ms) | SDK/hand-built calls/s, p99 | SDK without resilience handler: calls/s (/raw), p99 |");
        report.Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var counterLines = new List<string>();
        foreach (var concurrency in Concurrency)
        {
            var warmup = Math.Max(200, calls / 10);
            await RunAsync(rawCall, warmup, concurrency);
            await RunAsync(sdkCall, warmup, concurrency);
            await RunAsync(noResilienceCall, warmup, concurrency);
            await RunAsync(handBuiltCall, warmup, concurrency);
            var half = calls / 2;
            var r1 = await RunAsync(rawCall, half, concurrency);
            var s1 = await RunAsync(sdkCall, half, concurrency);
            var n1 = await RunAsync(noResilienceCall, half, concurrency);
            var h1 = await RunAsync(handBuiltCall, half, concurrency);
            var h2 = await RunAsync(handBuiltCall, calls - half, concurrency);
            var n2 = await RunAsync(noResilienceCall, calls - half, concurrency);
            var s2 = await RunAsync(sdkCall, calls - half, concurrency);
            var r2 = await RunAsync(rawCall, calls - half, concurrency);
            var rawResult = Result.Combine(r1, r2);
            var sdkResult = Result.Combine(s1, s2);
            var noResResult = Result.Combine(n1, n2);
            var handBuiltResult = Result.Combine(h1, h2);
            var peerThroughput = sdkResult.PerSecond / handBuiltResult.PerSecond;
            var peerP99 = sdkResult.P(0.99) / handBuiltResult.P(0.99);

            var throughput = sdkResult.PerSecond / rawResult.PerSecond;
            var p99 = sdkResult.P(0.99) / rawResult.P(0.99);
            report.Line($"| {concurrency} | {rawResult.PerSecond:N0} | {sdkResult.PerSecond:N0} | {Report.Ratio(throughput)} | " +
                        $"{rawResult.P(0.50):0.000} / {rawResult.P(0.99):0.000} | {sdkResult.P(0.50):0.000} / {sdkResult.P(0.99):0.000} | {Report.Ratio(p99)} | " +
                        $"{handBuiltResult.PerSecond:N0}, {handBuiltResult.P(0.50):0.000} / {handBuiltResult.P(0.99):0.000} | {Report.Ratio(peerThroughput)}, {Report.Ratio(peerP99)} | " +
                        $"{noResResult.PerSecond:N0} ({Report.Ratio(noResResult.PerSecond / rawResult.PerSecond)}), {noResResult.P(0.99):0.000} ms |");
            foreach (var (client, result) in new[] { ("raw", rawResult), ("sdk", sdkResult), ("sdk-without-resilience", noResResult), ("hand-built", handBuiltResult) })
            {
                var row = new Dictionary<string, object?>
                {
                    ["concurrency"] = concurrency,
                    ["client"] = client,
                    ["calls"] = result.Latencies.Length,
                    ["callsPerSecond"] = Math.Round(result.PerSecond),
                    ["p50Ms"] = Math.Round(result.P(0.50), 3),
                    ["p99Ms"] = Math.Round(result.P(0.99), 3),
                };
                foreach (var (k, v) in result.Counters.PerCalls(result.Latencies.Length)) row[k] = v;
                report.Row("loopback", row);
                counterLines.Add(CounterLine(concurrency, client, result));
            }

            var cause = Cause(rawResult, sdkResult, noResResult);
            report.AtLeast($"loopback.{concurrency}.throughput", "loopback", $"SDK calls/s / raw HttpClient calls/s, {Callers(concurrency)}",
                throughput, ThroughputTarget, throughput >= ThroughputTarget ? null : cause);
            report.AtMost($"loopback.{concurrency}.p99", "loopback", $"SDK p99 / raw HttpClient p99, {Callers(concurrency)}",
                p99, P99Target, p99 <= P99Target ? null : cause);
            if (concurrency == 1) continue; // the peer targets start where callers share the pipeline
            var peerCause = PeerCause(handBuiltResult, sdkResult, noResResult);
            report.AtLeast($"loopback.{concurrency}.throughput.handbuilt", "loopback", $"SDK calls/s / hand-built peer calls/s, {Callers(concurrency)}",
                peerThroughput, PeerTarget, peerThroughput >= PeerTarget ? null : peerCause);
            report.AtMost($"loopback.{concurrency}.p99.handbuilt", "loopback", $"SDK p99 / hand-built peer p99, {Callers(concurrency)}",
                peerP99, PeerTarget, peerP99 <= PeerTarget ? null : peerCause);
        }
        report.Line();
        report.Line("Counters per run (process-wide, the in-process server included; both halves of each client summed):");
        report.Line();
        report.Line("| Callers | Client | Alloc/call (B) | Gen0 / Gen1 / Gen2 per 1k calls | GC pause (ms) | Lock contentions per 1k calls | Pool work items/call | Pool queue mean / max | Pool threads max |");
        report.Line("|---:|---|---:|---|---:|---:|---:|---|---:|");
        counterLines.ForEach(report.Line);
        report.Line();
        report.Line($"Server saw {server.DetailRequests:N0} detail and {server.TokenRequests} token requests (1 raw warm-up + 1 per SDK client + 1 for the hand-built peer).");
        report.Line();
    }

    private static string Callers(int concurrency) => concurrency == 1 ? "1 caller" : $"{concurrency} concurrent callers";

    private static string CounterLine(int concurrency, string client, Result result)
    {
        var c = result.Counters;
        var n = (double)result.Latencies.Length;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {client} | {c.AllocatedBytes / n:N0} | {c.Gen0 * 1000 / n:0.00} / {c.Gen1 * 1000 / n:0.00} / {c.Gen2 * 1000 / n:0.00} | {c.GcPause.TotalMilliseconds:0.0} | " +
            $"{c.LockContentions * 1000 / n:0.00} | {c.WorkItems / n:0.00} | {c.QueueMean:0.0} / {c.QueueMax} | {c.ThreadsMax} |");
    }

    /// <summary>The measured evidence behind a miss at one concurrency, from this run's counters.</summary>
    private static string Cause(Result raw, Result sdk, Result noResilience)
    {
        static double PerK(long count, Result r) => count * 1000.0 / r.Latencies.Length;
        var (rc, sc, nc) = (raw.Counters, sdk.Counters, noResilience.Counters);
        return string.Create(CultureInfo.InvariantCulture,
            $"Per 1,000 calls, SDK vs raw: {PerK(sc.LockContentions, sdk):0.0} vs {PerK(rc.LockContentions, raw):0.0} lock contentions; " +
            $"{sc.AllocatedBytes / (double)sdk.Latencies.Length:N0} vs {rc.AllocatedBytes / (double)raw.Latencies.Length:N0} bytes allocated per call (process-wide); " +
            $"{PerK(sc.Gen0, sdk):0.00} vs {PerK(rc.Gen0, raw):0.00} gen0 GCs ({sc.GcPause.TotalMilliseconds:0.0} vs {rc.GcPause.TotalMilliseconds:0.0} ms paused); " +
            $"{sc.WorkItems / (double)sdk.Latencies.Length:0.00} vs {rc.WorkItems / (double)raw.Latencies.Length:0.00} thread-pool work items per call, queue mean {sc.QueueMean:0.0} vs {rc.QueueMean:0.0}. " +
            $"Without the resilience handler (Polly) the SDK reached {noResilience.PerSecond / raw.PerSecond:0.00}x raw throughput, " +
            $"p99 {noResilience.P(0.99) / raw.P(0.99):0.00}x, {PerK(nc.LockContentions, noResilience):0.0} lock contentions per 1,000 calls.");
    }

    /// <summary>The measured evidence behind a miss against the hand-built peer, from this run's counters.</summary>
    private static string PeerCause(Result handBuilt, Result sdk, Result noResilience)
    {
        var (hc, sc) = (handBuilt.Counters, sdk.Counters);
        return string.Create(CultureInfo.InvariantCulture,
            $"Per call, SDK vs hand-built: {sc.AllocatedBytes / (double)sdk.Latencies.Length:N0} vs {hc.AllocatedBytes / (double)handBuilt.Latencies.Length:N0} bytes allocated (process-wide); " +
            $"{sc.Gen0 * 1000.0 / sdk.Latencies.Length:0.00} vs {hc.Gen0 * 1000.0 / handBuilt.Latencies.Length:0.00} gen0 GCs per 1,000 calls; " +
            $"{sc.WorkItems / (double)sdk.Latencies.Length:0.00} vs {hc.WorkItems / (double)handBuilt.Latencies.Length:0.00} thread-pool work items per call. " +
            $"Without its resilience handler the SDK reached {noResilience.PerSecond / handBuilt.PerSecond:0.00}x the peer's throughput, p99 {noResilience.P(0.99) / handBuilt.P(0.99):0.00}x.");
    }

    private static async Task<Result> RunAsync(Func<Task> call, int calls, int concurrency)
    {
        var latencies = new long[calls];
        var (elapsed, counters) = await RunCounters.MeasureAsync(async () =>
        {
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            var workers = new Task[concurrency];
            for (var w = 0; w < concurrency; w++)
            {
                workers[w] = Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < calls)
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        await call().ConfigureAwait(false);
                        latencies[i] = Stopwatch.GetTimestamp() - t0;
                    }
                });
            }
            await Task.WhenAll(workers).ConfigureAwait(false);
            return Stopwatch.GetTimestamp() - started;
        });
        return new Result(latencies, elapsed, counters);
    }

    private sealed record Result(long[] Latencies, long ElapsedTicks, RunCounters Counters)
    {
        private long[]? _sorted;

        public double PerSecond => Latencies.Length / ((double)ElapsedTicks / Stopwatch.Frequency);

        public double P(double quantile)
        {
            var sorted = _sorted ??= Latencies.Order().ToArray();
            var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
            return sorted[index] * 1000.0 / Stopwatch.Frequency;
        }

        public static Result Combine(Result a, Result b) =>
            new([.. a.Latencies, .. b.Latencies], a.ElapsedTicks + b.ElapsedTicks, a.Counters + b.Counters);
    }
}
