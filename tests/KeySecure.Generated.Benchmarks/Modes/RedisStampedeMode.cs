using System.Diagnostics;
using System.Globalization;
using Garnet;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// The Redis token store across processes: P processes (this executable again, in child mode) each start C cold
/// callers at once against the loopback server (Get Token answered after 20 ms), sharing one Garnet server in this
/// process; token requests are counted (goal: exactly 1). Then the latency the store adds to a call with a warm token,
/// against the in-memory store, in one process.
/// </summary>
public static class RedisStampedeMode
{
    public const string ChildFlag = "--redis-child";

    public static async Task RunAsync(Report report, int processes, int callers, int warmCalls)
    {
        var port = FreePort();
        using var garnet = new GarnetServer(["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--lua", "--memory", "64m", "--page", "4m", "--index", "1m"]);
        garnet.Start();
        var redis = $"127.0.0.1:{port}";
        await using var server = await LoopbackServer.StartAsync();
        server.TokenDelay = TimeSpan.FromMilliseconds(20);

        report.Line($"### Redis token store: {processes} processes x {callers} cold callers (Get Token answered after 20 ms, Garnet on loopback)");
        report.Line();
        var started = Stopwatch.GetTimestamp();
        var self = Environment.ProcessPath!;
        var children = Enumerable.Range(0, processes).Select(_ => RunChildAsync(self, server.BaseAddress, redis, callers)).ToArray();
        var lines = await Task.WhenAll(children);
        var elapsed = Stopwatch.GetElapsedTime(started);
        report.Line("| Processes | Callers each | Token requests sent | Calls OK | Calls failed | Time to all complete, process start included (ms) |");
        report.Line("|---:|---:|---:|---:|---:|---:|");
        var ok = lines.Sum(l => l.Ok);
        var failed = lines.Sum(l => l.Failed);
        report.Line($"| {processes} | {callers} | {server.TokenRequests} | {ok:N0} | {failed:N0} | {elapsed.TotalMilliseconds:N0} |");
        report.Line();

        report.Line($"### Latency a warm token costs with each store ({warmCalls:N0} sequential GET card detail calls, loopback Kestrel)");
        report.Line();
        report.Line("| Store | p50 (µs) | p90 (µs) | p99 (µs) |");
        report.Line("|---|---:|---:|---:|");
        await using (var memory = Sdk.Create(null, server.BaseAddress))
        {
            WarmRow(report, "in memory (default)", await TimeWarmCallsAsync(memory, warmCalls));
        }
        await using (var shared = Sdk.Create(null, server.BaseAddress, customize: builder => builder.AddRedisTokenStore(redis)))
        {
            WarmRow(report, "Redis (Garnet, loopback)", await TimeWarmCallsAsync(shared, warmCalls));
        }
        report.Line();
    }

    /// <summary>Child mode: <paramref name="callers"/> concurrent first calls through a cold SDK with the Redis store; prints "ok failed".</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var baseAddress = new Uri(args[1]);
        var callers = int.Parse(args[3], CultureInfo.InvariantCulture);
        await using var services = Sdk.Create(null, baseAddress, customize: builder => builder.AddRedisTokenStore(args[2]));
        var cards = services.GetRequiredService<ICardsClient>();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            try
            {
                await cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        })));
        Console.WriteLine($"{outcomes.Count(o => o)} {outcomes.Count(o => !o)}");
        return 0;
    }

    private static async Task<(int Ok, int Failed)> RunChildAsync(string self, Uri baseAddress, string redis, int callers)
    {
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { ChildFlag, baseAddress.ToString(), redis, callers.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var parts = output.Trim().Split(' ');
        return parts.Length == 2 ? (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)) : (0, callers);
    }

    private static async Task<double[]> TimeWarmCallsAsync(ServiceProvider services, int calls)
    {
        var cards = services.GetRequiredService<ICardsClient>();
        for (var i = 0; i < 200; i++) await cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
        var micros = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await cards.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        Array.Sort(micros);
        return micros;
    }

    private static void WarmRow(Report report, string store, double[] sorted) =>
        report.Line($"| {store} | {At(sorted, 0.50):N0} | {At(sorted, 0.90):N0} | {At(sorted, 0.99):N0} |");

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try { return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }
}
