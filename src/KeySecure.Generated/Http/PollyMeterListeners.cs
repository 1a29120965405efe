using System.Diagnostics.Metrics;

namespace KeySecure.Generated.Http;

/// <summary>
/// Whether anything listens to meter <c>Polly</c> (OpenTelemetry's <c>AddMeter("Polly")</c>, dotnet-counters, a
/// MeterListener): such a listener subscribes to every instrument of that meter, this never-recorded one included.
/// </summary>
internal static class PollyMeterListeners
{
    private static readonly Meter Meter = new("Polly");
    private static readonly Counter<int> Probe = Meter.CreateCounter<int>("keysecure.polly.listened", description: "Never recorded: shows whether meter Polly has a listener.");

    public static bool Any => Probe.Enabled;
}
