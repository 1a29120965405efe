using System.Diagnostics;
using Polly;

namespace KeySecure.Generated.Http;

/// <summary>
/// What the handlers of one call share: the operation, the attempt count, whether an attempt may have reached the
/// provider, the call's activity, and provider-specific facts (the WorldFirst signature check). One object in the
/// request's options instead of a key per value.
/// </summary>
/// <remarks>
/// A call through <see cref="CallHandler"/> keeps its context in the properties of the call's pooled
/// <see cref="ResilienceContext"/> (which the resilience handler then uses rather than renting its own): the request's
/// options dictionary then holds no more entries than it was created for, so it never grows during a call.
/// </remarks>
internal sealed class CallContext
{
    private const string KeyName = "KeySecure.Call";
    private static readonly HttpRequestOptionsKey<CallContext> OptionsKey = new(KeyName);
    private static readonly ResiliencePropertyKey<CallContext> PropertyKey = new(KeyName);
    private int _attempts;
    private int _completed;
    private SdkTelemetry? _telemetry;
    private long _started;

    private CallContext(OperationMetadata? operation) => Operation = operation;

    /// <summary>The operation the generated client attached (null for a request built by hand).</summary>
    public OperationMetadata? Operation { get; }

    /// <summary>The provider's name in telemetry (<c>keysecure</c>, <c>worldfirst</c>).</summary>
    public string Provider { get; private set; } = string.Empty;

    /// <summary>Attempts started so far: retries and the 1005/1007 replay each count.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>
    /// True once an attempt failed after a byte of it could have reached the provider. A timeout that fires while
    /// waiting between attempts, after failures that never reached it, leaves this false.
    /// </summary>
    public bool MayHaveReachedServer { get; set; }

    /// <summary>WorldFirst: whether the last response's signature was checked and valid.</summary>
    public bool SignatureVerified { get; set; }

    /// <summary>The call's activity, when someone listens.</summary>
    public Activity? Activity { get; set; }

    /// <summary>
    /// True when the last attempt may have reached the provider in a form it could act on (see
    /// <see cref="CallOutcome.MayHaveLeft"/>); false when it failed before its body was written, so it was not sent.
    /// The retry predicate reads this rather than guessing from the exception.
    /// </summary>
    public bool LastAttemptMayHaveLeft { get; set; }

    /// <summary>An access token fetched for this call before its attempts; the first attempt takes it.</summary>
    public string? PreparedToken { get; set; }

    /// <summary>The HTTP status of the answer handed to the generated client.</summary>
    public int? AnsweredStatus { get; set; }

    /// <summary>Starts the call's activity and clock.</summary>
    public void Begin(SdkTelemetry telemetry)
    {
        _telemetry = telemetry;
        _started = Stopwatch.GetTimestamp();
        Activity = telemetry.StartCall(this);
    }

    /// <summary>
    /// Records the call's outcome and ends its activity, once: at the failure, once the generated client has read the
    /// data (so an applied write whose data cannot be read is <c>outcome_unknown</c>), or when the answer is disposed unread.
    /// </summary>
    public void Complete(Exception? failure)
    {
        if (_telemetry is null || Interlocked.Exchange(ref _completed, 1) != 0) return;
        _telemetry.RecordCall(this, Stopwatch.GetElapsedTime(_started), failure is null ? AnsweredStatus : null, failure);
        Activity?.Dispose();
    }

    /// <summary>Starts the next attempt and returns its 1-based number.</summary>
    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>The context of <paramref name="request"/>, created on first use.</summary>
    public static CallContext Of(HttpRequestMessage request)
    {
        if (Existing(request) is { } existing) return existing;
        var context = new CallContext(OperationMetadata.Resolve(request));
        if (request.GetResilienceContext() is { } resilience) resilience.Properties.Set(PropertyKey, context);
        else request.Options.Set(OptionsKey, context);
        return context;
    }

    /// <summary>The context of <paramref name="request"/>, or null before the first handler opened it.</summary>
    public static CallContext? Existing(HttpRequestMessage request)
    {
        if (request.GetResilienceContext() is { } resilience && resilience.Properties.TryGetValue(PropertyKey, out var context)) return context;
        return request.Options.TryGetValue(OptionsKey, out context) ? context : null;
    }

    /// <summary>Opens the context of a call for <paramref name="provider"/>.</summary>
    public static CallContext Open(HttpRequestMessage request, string provider)
    {
        var context = Of(request);
        context.Provider = provider;
        return context;
    }
}
