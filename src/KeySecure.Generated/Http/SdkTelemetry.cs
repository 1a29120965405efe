using System.Diagnostics;
using System.Diagnostics.Metrics;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KeySecure.Generated.Http;

/// <summary>
/// The names of the SDK's own telemetry: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Tags carry the operation, the provider, the attempt, the HTTP status, the provider's error code
/// and the outcome; never a card number, token, key or secret. The resilience library adds its own metrics
/// (meter <c>Polly</c>) for retries, timeouts, circuit breaker and limiter events.
/// </summary>
internal static class KeySecureTelemetry
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "KeySecure.Generated";

    /// <summary>Counter: attempts sent (retries and the 1005/1007 replay included), tagged with their result.</summary>
    public const string AttemptsInstrument = "keysecure.client.attempts";

    /// <summary>Histogram (seconds): whole calls, retries and backoff included, tagged with their outcome.</summary>
    public const string CallDurationInstrument = "keysecure.client.call.duration";

    /// <summary>Tag: the spec's operationId.</summary>
    public const string OperationTag = "keysecure.operation";

    /// <summary>Tag: <c>keysecure</c> or <c>worldfirst</c>.</summary>
    public const string ProviderTag = "keysecure.provider";

    /// <summary>Tag: the 1-based attempt number (attempt counter and activity events).</summary>
    public const string AttemptTag = "keysecure.attempt";

    /// <summary>Tag: the number of attempts a call made (call duration and activity).</summary>
    public const string AttemptsTag = "keysecure.attempts";

    /// <summary>Tag: the HTTP status (absent when no response arrived).</summary>
    public const string StatusCodeTag = "http.response.status_code";

    /// <summary>Tag: the provider's error code (<c>1009</c>, <c>INVALID_SIGNATURE</c>), when it sent one.</summary>
    public const string ErrorCodeTag = "keysecure.error_code";

    /// <summary>
    /// Tag: <c>success</c>, <c>failed</c> (nothing was applied), <c>outcome_unknown</c> (a write that may have been
    /// applied), <c>not_sent</c> (limiter full or circuit open) or <c>cancelled</c>.
    /// </summary>
    public const string OutcomeTag = "keysecure.outcome";
}

/// <summary>Records the SDK's activities and metrics; one per container, on the host's <see cref="IMeterFactory"/> when it has one.</summary>
internal sealed class SdkTelemetry : IDisposable
{
    internal static readonly ActivitySource Source = new(KeySecureTelemetry.Name);

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _callDuration;

    public SdkTelemetry(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(KeySecureTelemetry.Name) ?? new Meter(KeySecureTelemetry.Name);
        _attempts = _meter.CreateCounter<long>(KeySecureTelemetry.AttemptsInstrument, "{attempt}", "Attempts sent to a provider.");
        _callDuration = _meter.CreateHistogram<double>(KeySecureTelemetry.CallDurationInstrument, "s", "Duration of provider calls, retries included.");
    }

    /// <summary>Registers the container's instance (idempotent).</summary>
    public static void Register(IServiceCollection services)
    {
        // The container's meter factory scopes the SDK's instruments to the container (and to each test).
        services.AddMetrics();
        services.TryAddSingleton(sp => new SdkTelemetry(sp.GetService<IMeterFactory>()));
    }

    public Activity? StartCall(CallContext call)
    {
        // Nobody listens: no activity, and no name built for one.
        if (!Source.HasListeners()) return null;
        var operation = call.Operation?.OperationId ?? "unknown";
        var activity = Source.StartActivity($"{call.Provider} {operation}", ActivityKind.Client);
        activity?.SetTag(KeySecureTelemetry.OperationTag, operation);
        activity?.SetTag(KeySecureTelemetry.ProviderTag, call.Provider);
        return activity;
    }

    public void RecordAttempt(CallContext call, int attempt, int? statusCode, Exception? failure)
    {
        // Tags are built (and their numbers boxed) only for a listener.
        if (!_attempts.Enabled && call.Activity is null) return;
        var tags = Common(call, statusCode, failure);
        tags.Add(KeySecureTelemetry.AttemptTag, attempt);
        _attempts.Add(1, tags);
        call.Activity?.AddEvent(new ActivityEvent("attempt", tags: new ActivityTagsCollection(tags)));
    }

    public void RecordCall(CallContext call, TimeSpan elapsed, int? statusCode, Exception? failure)
    {
        if (!_callDuration.Enabled && call.Activity is null) return;
        var tags = Common(call, statusCode, failure);
        tags.Add(KeySecureTelemetry.AttemptsTag, call.Attempts);
        tags.Add(KeySecureTelemetry.OutcomeTag, OutcomeOf(failure));
        _callDuration.Record(elapsed.TotalSeconds, tags);
        if (call.Activity is { } activity)
        {
            foreach (var tag in tags) activity.SetTag(tag.Key, tag.Value);
            if (failure is not null) activity.SetStatus(ActivityStatusCode.Error, OutcomeOf(failure));
        }
    }

    public void Dispose() => _meter.Dispose();

    private static TagList Common(CallContext call, int? statusCode, Exception? failure)
    {
        var tags = new TagList
        {
            { KeySecureTelemetry.OperationTag, call.Operation?.OperationId ?? "unknown" },
            { KeySecureTelemetry.ProviderTag, call.Provider },
        };
        var status = statusCode ?? (failure as ProviderException)?.StatusCode;
        if (status is > 0) tags.Add(KeySecureTelemetry.StatusCodeTag, status.Value);
        // Error codes are the providers' documented codes, never values from a request.
        if (failure is ProviderException { ErrorCode: { } code }) tags.Add(KeySecureTelemetry.ErrorCodeTag, code);
        return tags;
    }

    private static string OutcomeOf(Exception? failure) => failure switch
    {
        null => "success",
        KeySecureException { OutcomeUnknown: true } or CallCanceledException => "outcome_unknown",
        RequestNotSentException => "not_sent",
        OperationCanceledException => "cancelled",
        _ => "failed",
    };
}
