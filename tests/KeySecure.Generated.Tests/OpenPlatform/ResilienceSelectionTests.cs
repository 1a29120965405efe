using System.Diagnostics.Metrics;
using KeySecure.Generated.Http;
using Microsoft.Extensions.Http.Resilience;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// A provider pipeline carries only the standard strategies that can act on its calls (<see cref="ResilienceSelection"/>):
/// the limiter when configured, never on Get Token's pipeline; one timeout when the attempt's equals the total; Polly's
/// telemetry when meter <c>Polly</c> is listened to. The tests that listen to meter Polly live in this one class, so
/// no other test's pipeline is built while they listen.
/// </summary>
public class ResilienceSelectionTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated","card_type":"Virtual"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_limiter_is_left_out_unless_configured()
    {
        Assert.False(ResilienceSelection.For(new HttpStandardResilienceOptions(), tokenPipeline: false, pollyMeterListened: false).Limiter);

        var permits = new HttpStandardResilienceOptions();
        permits.RateLimiter.DefaultRateLimiterOptions.PermitLimit = 8;
        var queue = new HttpStandardResilienceOptions();
        queue.RateLimiter.DefaultRateLimiterOptions.QueueLimit = 10;
        var own = new HttpStandardResilienceOptions();
        own.RateLimiter.RateLimiter = static _ => default;

        Assert.All(new[] { permits, queue, own }, options => Assert.True(ResilienceSelection.For(options, tokenPipeline: false, pollyMeterListened: false).Limiter));
    }

    [Fact]
    public void Get_Tokens_pipeline_carries_no_limiter_even_when_one_is_configured()
    {
        var options = new HttpStandardResilienceOptions();
        options.RateLimiter.DefaultRateLimiterOptions.PermitLimit = 8;

        Assert.False(ResilienceSelection.For(options, tokenPipeline: true, pollyMeterListened: false).Limiter);
    }

    [Fact]
    public void An_attempt_timeout_equal_to_the_total_is_not_a_second_strategy()
    {
        var equal = new HttpStandardResilienceOptions();
        equal.AttemptTimeout.Timeout = equal.TotalRequestTimeout.Timeout;

        Assert.False(ResilienceSelection.For(equal, tokenPipeline: false, pollyMeterListened: false).AttemptTimeout);
        Assert.True(ResilienceSelection.For(new HttpStandardResilienceOptions(), tokenPipeline: false, pollyMeterListened: false).AttemptTimeout);
    }

    [Fact]
    public void A_listener_of_meter_Polly_is_seen()
    {
        Assert.False(PollyMeterListeners.Any);

        using (PollyListener())
        {
            Assert.True(PollyMeterListeners.Any);
        }

        Assert.False(PollyMeterListeners.Any);
    }

    [Fact]
    public async Task Without_a_listener_of_meter_Polly_a_call_reports_nothing_through_Pollys_telemetry()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope(Detail)));

        await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.DoesNotContain(harness.Logs.Entries, entry => entry.Contains(" Polly: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pipeline_built_while_meter_Polly_is_listened_to_reports_to_it()
    {
        var measured = 0;
        using var listener = PollyListener();
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measured));
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope(Detail)));

        await harness.Cards.GetCardDetailAsync("C1", Ct);

        Assert.True(Volatile.Read(ref measured) > 0, "no Polly measurement was recorded");
        Assert.Contains(harness.Logs.Entries, entry => entry.Contains(" Polly: ", StringComparison.Ordinal));
    }

    private static MeterListener PollyListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Polly") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.Start();
        return listener;
    }
}
