using System.Diagnostics;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 3: a bounded number of GetCardDetail calls at concurrency 1, 16 and 64 against the loopback Kestrel
/// server, the SDK (real DI client, default primary handler) against a raw HttpClient doing the same call (the floor
/// code over sockets). Runs are interleaved A-B-B-A (each half of the calls) so drift on a shared machine hits both.
/// </summary>
public static class LoopbackMode
{
    public static async Task RunAsync(Report report, int calls)
    {
        await using var server = await LoopbackServer.StartAsync();
        using var rawHttp = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(server.BaseAddress, "/open-api/v1/") };
        var raw = new FloorClient(rawHttp, Canned.ApiKey);
        await raw.WarmUpAsync(CancellationToken.None);
        await using var services = Sdk.Create(primary: null, baseAddress: server.BaseAddress);
        var sdk = services.GetRequiredService<ICardsClient>();

        Func<Task> rawCall = () => raw.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
        Func<Task> sdkCall = () => sdk.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

        report.Line($"### Loopback throughput ({calls:N0} calls per client per concurrency, GET card detail, Kestrel on {server.BaseAddress.Authority})");
        report.Line();
        report.Line("| Concurrency | Raw HttpClient calls/s | SDK calls/s | SDK/raw throughput | Raw p50 / p99 (ms) | SDK p50 / p99 (ms) |");
        report.Line("|---:|---:|---:|---:|---:|---:|");
        foreach (var concurrency in new[] { 1, 16, 64 })
        {
            var warmup = Math.Max(200, calls / 10);
            await RunAsync(rawCall, warmup, concurrency);
            await RunAsync(sdkCall, warmup, concurrency);
            var half = calls / 2;
            var r1 = await RunAsync(rawCall, half, concurrency);
            var s1 = await RunAsync(sdkCall, half, concurrency);
            var s2 = await RunAsync(sdkCall, calls - half, concurrency);
            var r2 = await RunAsync(rawCall, calls - half, concurrency);
            var rawResult = Result.Combine(r1, r2);
            var sdkResult = Result.Combine(s1, s2);
            report.Line($"| {concurrency} | {rawResult.PerSecond:N0} | {sdkResult.PerSecond:N0} | {Report.Ratio(sdkResult.PerSecond / rawResult.PerSecond)} | " +
                        $"{rawResult.P(0.50):0.000} / {rawResult.P(0.99):0.000} | {sdkResult.P(0.50):0.000} / {sdkResult.P(0.99):0.000} |");
        }
        report.Line();
        report.Line($"Server saw {server.DetailRequests:N0} detail and {server.TokenRequests} token requests (1 raw warm-up + 1 SDK).");
        report.Line();
    }

    private static async Task<Result> RunAsync(Func<Task> call, int calls, int concurrency)
    {
        var latencies = new long[calls];
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
        await Task.WhenAll(workers);
        return new Result(latencies, Stopwatch.GetTimestamp() - started);
    }

    private sealed record Result(long[] Latencies, long ElapsedTicks)
    {
        public double PerSecond => Latencies.Length / ((double)ElapsedTicks / Stopwatch.Frequency);

        public double P(double quantile)
        {
            var sorted = Latencies.Order().ToArray();
            var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
            return sorted[index] * 1000.0 / Stopwatch.Frequency;
        }

        public static Result Combine(Result a, Result b) => new([.. a.Latencies, .. b.Latencies], a.ElapsedTicks + b.ElapsedTicks);
    }
}
