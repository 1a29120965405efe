using System.Globalization;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// The profile behind the per-call rows: GetCardDetail through the real DI client with one SDK handler removed at a
/// time, the generated client alone, the floor, and (over a network that answers asynchronously, as sockets do) the
/// resilience handler built up strategy by strategy (<see cref="StrategyPipelines"/>). All variants run in interleaved
/// rounds and each difference is taken within a round (<see cref="Interleaved"/>): a handler's cost is a few hundred
/// nanoseconds, less than the drift between sequential measurements on a shared machine.
/// </summary>
public static class AblationMode
{
    private const string Full = "SDK, full pipeline";
    private const string FullAsync = "SDK, full pipeline, asynchronous answer";
    private const string GeneratedOnly = "generated client only, no handlers";
    private const string Floor = "floor (hand-written)";
    private const string Before = "selection: limiter + Polly's telemetry (the pipeline before strategies were selected)";
    private const string BeforeAsync = Before + ", asynchronous answer";
    private const string WithLimiter = "selection: + concurrency limiter (configured: PermitLimit 1,001), asynchronous answer";
    private const string WithTelemetry = "selection: + Polly's telemetry (built while meter Polly was listened to, not listened since), asynchronous answer";
    private const string OneTimeout = "selection: attempt timeout = total timeout, 30 s (one timeout strategy), asynchronous answer";
    private const string TwoTimeouts = "selection: attempt timeout 29.9 s, total 30 s (two timeout strategies), asynchronous answer";

    public static async Task RunAsync(Report report, int rounds, int calls)
    {
        var owned = new List<IDisposable>();
        ICardsClient Client(CannedHandler canned, Action<IHttpClientBuilder>? customize = null)
        {
            var services = Sdk.Create(canned, customize: customize);
            owned.Add(services);
            return services.GetRequiredService<ICardsClient>();
        }
        Func<Task> Call(ICardsClient client) => () => client.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);
        ICardsClient ConfiguredClient(CannedHandler canned, Action<KeySecureOptions>? configure)
        {
            var services = Sdk.Create(canned, configure: configure);
            owned.Add(services);
            return services.GetRequiredService<ICardsClient>();
        }

        using var floorHttp = new HttpClient(new CannedHandler()) { BaseAddress = Canned.ApiRoot };
        var floor = new FloorClient(floorHttp, Canned.ApiKey);
        await floor.WarmUpAsync(CancellationToken.None);
        var handlers = new (string Name, string Removed, bool BareData)[]
        {
            ("- CallPreparationHandler", "CallPreparationHandler", false),
            ("- ResilienceHandler (timeouts, retry, breaker; the limiter only when configured)", "ResilienceHandler", false),
            ("- CallHandler", "CallHandler", false),
            ("- KeySecureAttemptHandler (stamp, attempt log, envelope; bare data served)", "KeySecureAttemptHandler", true),
            ("- SameUrlHandler (answers only from the URL sent to)", "SameUrlHandler", false),
        };
        var variants = new List<(string Name, Func<Task> Call)> { (Full, Call(Client(new CannedHandler()))) };
        variants.AddRange(handlers.Select(h => (h.Name, Call(Client(new CannedHandler(bareData: h.BareData), Sdk.Without(h.Removed))))));
        variants.Add((GeneratedOnly, Call(Client(new CannedHandler(bareData: true),
            Sdk.Without("CallHandler", "CallPreparationHandler", "ResilienceHandler", "KeySecureAttemptHandler", "SameUrlHandler")))));
        variants.Add((Floor, () => floor.GetCardDetailAsync(Canned.CardNo, CancellationToken.None)));
        variants.Add((FullAsync, Call(Client(new CannedHandler(asynchronous: true)))));
        variants.AddRange(StrategyPipelines.Steps.Select(step => (Step(step.Key), Call(Client(new CannedHandler(asynchronous: true), StrategyPipelines.Replace(step.Key))))));
        // What the selection of strategies (ResilienceSelection) leaves out, put back one at a time, and the timeouts merged.
        static void Limited(KeySecureOptions o) => o.Resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = 1_001;
        static Action<KeySecureOptions> Timeouts(TimeSpan attempt) => o =>
        {
            o.Resilience.AttemptTimeout.Timeout = attempt;
            o.Resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
        };
        var before = Call(ConfiguredClient(new CannedHandler(), Limited));
        var beforeAsync = Call(ConfiguredClient(new CannedHandler(asynchronous: true), Limited));
        var withTelemetry = Call(ConfiguredClient(new CannedHandler(asynchronous: true), null));
        await PollyMeterListener.WhileListenedAsync(before);
        await PollyMeterListener.WhileListenedAsync(beforeAsync);
        await PollyMeterListener.WhileListenedAsync(withTelemetry);
        variants.Add((Before, before));
        variants.Add((BeforeAsync, beforeAsync));
        variants.Add((WithLimiter, Call(ConfiguredClient(new CannedHandler(asynchronous: true), Limited))));
        variants.Add((WithTelemetry, withTelemetry));
        variants.Add((OneTimeout, Call(ConfiguredClient(new CannedHandler(asynchronous: true), Timeouts(TimeSpan.FromSeconds(30))))));
        variants.Add((TwoTimeouts, Call(ConfiguredClient(new CannedHandler(asynchronous: true), Timeouts(TimeSpan.FromSeconds(29.9))))));

        try
        {
            var measured = await Interleaved.RunAsync(variants, rounds, calls);

            report.Line($"### Per-call profile: GetCardDetail with parts of the pipeline removed (canned network, {rounds} interleaved rounds of {calls:N0} calls)");
            report.Line();
            report.Line("| Variant | Median ns per call | Bytes per call | Full pipeline minus this (median of rounds) |");
            report.Line("|---|---:|---:|---:|");
            foreach (var (name, _) in variants)
            {
                var baseline = name.Contains("asynchronous", StringComparison.Ordinal) || name.StartsWith("resilience:", StringComparison.Ordinal) ? FullAsync : Full;
                if (name == TwoTimeouts) baseline = OneTimeout;
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {measured.MedianNs(name):N0} | {measured.MedianBytes(name):N0} | {(name == baseline ? "" : $"{measured.MedianDifferenceNs(baseline, name):N0} ns / {measured.MedianBytes(baseline) - measured.MedianBytes(name):N0} B")} |"));
                report.Row("ablation", new() { ["variant"] = name, ["medianNs"] = Math.Round(measured.MedianNs(name), 1), ["bytesPerCall"] = Math.Round(measured.MedianBytes(name)) });
            }
            report.Line();
            report.Line("Rows marked selection: put back what the SDK leaves out of a pipeline, so their difference is negative (what it would cost); the two-timeouts row is compared with the one-timeout row.");
            report.Line();

            var parts = handlers.Select(h => string.Create(CultureInfo.InvariantCulture,
                $"{h.Removed} {measured.MedianDifferenceNs(Full, h.Name):N0} ns / {measured.MedianBytes(Full) - measured.MedianBytes(h.Name):N0} B"));
            var steps = StrategyPipelines.Steps.Skip(1).Select((step, i) => string.Create(CultureInfo.InvariantCulture,
                $"{step.Adds} +{measured.MedianDifferenceNs(Step(step.Key), Step(StrategyPipelines.Steps[i].Key)):N0} ns / +{measured.MedianBytes(Step(step.Key)) - measured.MedianBytes(Step(StrategyPipelines.Steps[i].Key)):N0} B"));
            report.PerCallCause = string.Create(CultureInfo.InvariantCulture,
                $"Per-call cost of each SDK handler (full pipeline minus the pipeline without it, median of {rounds} interleaved rounds): {string.Join("; ", parts)}. ") +
                string.Create(CultureInfo.InvariantCulture,
                $"The generated client alone: {measured.MedianNs(GeneratedOnly):N0} ns / {measured.MedianBytes(GeneratedOnly):N0} B against the floor's {measured.MedianNs(Floor):N0} ns / {measured.MedianBytes(Floor):N0} B; the full SDK: {measured.MedianNs(Full):N0} ns / {measured.MedianBytes(Full):N0} B. ") +
                $"Over an asynchronous answer, the resilience handler built up strategy by strategy (the library's default options): {string.Join("; ", steps)}; " +
                "each strategy awaits the next, so each allocates its own state machine once the answer arrives asynchronously. " +
                string.Create(CultureInfo.InvariantCulture,
                $"The SDK leaves out what cannot act on a call (the limiter unless configured, Polly's telemetry unless meter Polly is listened to, an attempt timeout equal to the total): with both put back, as before, a call cost {-measured.MedianDifferenceNs(Full, Before):N0} ns / {measured.MedianBytes(Before) - measured.MedianBytes(Full):N0} B more ({-measured.MedianDifferenceNs(FullAsync, BeforeAsync):N0} ns / {measured.MedianBytes(BeforeAsync) - measured.MedianBytes(FullAsync):N0} B over an asynchronous answer). ") +
                "Refit buffers every response body before it deserializes it (LoadIntoBufferAsync, a copy of the data that the floor, reading the stream, does not make), part of the generated client's difference to the floor.";
        }
        finally
        {
            owned.ForEach(o => o.Dispose());
        }
    }

    private static string Step(string key) => $"resilience: {StrategyPipelines.Steps.First(s => s.Key == key).Adds} ({key}), asynchronous answer";
}
