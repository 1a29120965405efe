using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// The allocation profile behind the per-call and loopback rows: which types a GetCardDetail call allocates, for the
/// SDK (synchronous and asynchronous answers) and the floor. The runtime's GC AllocationTick event samples one
/// allocation per ~100 KB, naming its type; over many calls the samples share each type's bytes per call.
/// </summary>
public static class AllocationProfileMode
{
    private const int TopTypes = 12;

    public static async Task RunAsync(Report report, int calls)
    {
        report.Line("### Allocation profile: GetCardDetail, bytes per call by type (GC AllocationTick samples)");
        report.Line();
        using var floorHttp = new HttpClient(new CannedHandler()) { BaseAddress = Canned.ApiRoot };
        var floor = new FloorClient(floorHttp, Canned.ApiKey);
        await floor.WarmUpAsync(CancellationToken.None);
        using var sdk = Sdk.Create(new CannedHandler());
        using var sdkAsync = Sdk.Create(new CannedHandler(asynchronous: true));
        using var worldFirst = new WorldFirstCanned();
        await using var worldFirstServices = worldFirst.CreateServices(WorldFirst.WorldFirstVerificationMode.Required);
        var worldFirstSdk = worldFirstServices.GetRequiredService<IWorldCardClient>();
        using var worldFirstHttp = new HttpClient(worldFirst, disposeHandler: false) { BaseAddress = WorldFirstCanned.Gateway };
        var worldFirstFloor = new WorldFirstFloorClient(worldFirstHttp, WorldFirstCanned.ClientId, worldFirst.Merchant, worldFirst.WorldFirst);
        var query = new QueryCardSensitiveInfoRequest { AssetId = "ASSET-1" };
        var floorQuery = new FloorSensitiveInfoQuery { AssetId = "ASSET-1" };
        var runs = new (string Name, Func<Task> Call, int Calls)[]
        {
            ("SDK", Caller(sdk), calls),
            ("SDK, asynchronous answer", Caller(sdkAsync), calls),
            ("Floor", () => floor.GetCardDetailAsync(Canned.CardNo, CancellationToken.None), calls),
            // RSA signs take ~0.3 ms: fewer calls, the same share of samples per byte.
            ("SDK WorldFirst sign + verify", () => worldFirstSdk.QueryCardSensitiveInfoAsync(query, CancellationToken.None), calls / 50),
            ("Floor WorldFirst sign + verify", () => worldFirstFloor.QueryCardSensitiveInfoAsync(floorQuery, CancellationToken.None), calls / 50),
        };
        foreach (var (name, call, count) in runs)
        {
            for (var i = 0; i < 200; i++) await call();
            var profile = await ProfileAsync(call, count);
            report.Line($"**{name}**: {profile.BytesPerCall:N0} B per call (exact, all threads); top types by sampled share:");
            report.Line();
            report.Line("| Type | B per call (sampled) |");
            report.Line("|---|---:|");
            foreach (var (type, bytes) in profile.ByType.Take(TopTypes))
            {
                report.Line($"| `{Readable(type)}` | {bytes:N0} |");
                report.Row("allocations", new() { ["client"] = name, ["type"] = type, ["bytesPerCall"] = Math.Round(bytes) });
            }
            report.Line();
        }
    }

    // "AsyncStateMachineBox`1[..., Polly.Retry.RetryResilienceStrategy`1+<ExecuteCore>d__28`1[...]]" reads as
    // "async state machine: RetryResilienceStrategy.ExecuteCore"; other names lose their namespaces and arities
    // ("Task`1[System.Net.Http.HttpResponseMessage]" reads as "Task<HttpResponseMessage>").
    internal static string Readable(string type)
    {
        var box = System.Text.RegularExpressions.Regex.Match(type, @"^AsyncStateMachineBox`1\[[^,]+,(?:[\w.]+\.)?([\w`]+?)(?:`\d+)?\+<+(\w+)>");
        if (box.Success) return $"async state machine: {box.Groups[1].Value}.{box.Groups[2].Value}";
        var plain = System.Text.RegularExpressions.Regex.Replace(type, @"(?:\w+\.)+(?=\w)|`\d+", "");
        var readable = new System.Text.StringBuilder(plain.Length);
        for (var i = 0; i < plain.Length; i++)
        {
            if (plain[i] == '[' && i + 1 < plain.Length && plain[i + 1] == ']') { readable.Append("[]"); i++; }
            else readable.Append(plain[i] switch { '[' => '<', ']' => '>', ',' => ", ", var c => c });
        }
        return readable.ToString();
    }

    private static Func<Task> Caller(ServiceProvider services)
    {
        var client = services.GetRequiredService<ICardsClient>();
        return () => client.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
    }

    private static async Task<Profile> ProfileAsync(Func<Task> call, int calls)
    {
        using var listener = new AllocationListener();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++) await call();
        var total = GC.GetTotalAllocatedBytes(precise: true) - before;
        var sampled = listener.Snapshot();
        var sampledTotal = sampled.Values.Sum();
        var perCall = (double)total / calls;
        var byType = sampled
            .OrderByDescending(p => p.Value)
            .Select(p => (p.Key, sampledTotal == 0 ? 0 : perCall * p.Value / sampledTotal))
            .ToList();
        return new Profile(perCall, byType);
    }

    private sealed record Profile(double BytesPerCall, List<(string Type, double Bytes)> ByType);

    /// <summary>Sums the AllocationTick samples per type name.</summary>
    private sealed class AllocationListener : EventListener
    {
        private const int GcKeyword = 0x1;
        private readonly ConcurrentDictionary<string, long> _bytes = new();
        private volatile bool _enabled;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)GcKeyword);
                _enabled = true;
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!_enabled || e.EventName != "GCAllocationTick_V4" || e.Payload is null) return;
            var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
            var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
            _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        }

        public Dictionary<string, long> Snapshot() => new(_bytes);
    }
}
