using System.Diagnostics.Metrics;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>
/// A listener to meter <c>Polly</c>, as OpenTelemetry's <c>AddMeter("Polly")</c> would be: while one exists, the SDK
/// builds its resilience pipelines with Polly's telemetry. Disposed, the pipelines built meanwhile keep that telemetry
/// and pay for it as they did before the SDK left it out for want of a listener.
/// </summary>
public sealed class PollyMeterListener : IDisposable
{
    private readonly MeterListener _listener = new()
    {
        InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Polly") listener.EnableMeasurementEvents(instrument);
        },
    };

    public PollyMeterListener() => _listener.Start();

    /// <summary>Runs <paramref name="buildingCall"/> (the first call builds the pipeline) while meter Polly is listened to.</summary>
    public static async Task WhileListenedAsync(Func<Task> buildingCall)
    {
        using var _ = new PollyMeterListener();
        await buildingCall();
    }

    public void Dispose() => _listener.Dispose();
}
