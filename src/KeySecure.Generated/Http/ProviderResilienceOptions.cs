namespace KeySecure.Generated.Http;

/// <summary>
/// Resilience settings for one provider registration (configuration section <c>KeySecure:Resilience</c> or
/// <c>WorldFirst:Resilience</c>), validated at start-up. They configure Microsoft.Extensions.Http.Resilience's
/// strategies, and the defaults are its standard pipeline's (concurrency limiter, total timeout, retry with
/// exponential backoff and jitter, circuit breaker, attempt timeout).
/// </summary>
public sealed class ProviderResilienceOptions
{
    /// <summary>How many times a failed call may be sent again (0 switches retries off).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; it doubles per attempt. Tests set <see cref="TimeSpan.Zero"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Adds random jitter to backoff delays so many clients do not retry in lock-step.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>The longest <c>Retry-After</c> the SDK honours; a longer one fails the call instead of waiting.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for the whole call, retries and backoff included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.1;

    /// <summary>Calls needed in the sampling window before the breaker may open.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 100;

    /// <summary>The window the breaker samples.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Calls in flight at once; further calls fail at once rather than queue.</summary>
    public int MaxConcurrentRequests { get; set; } = 1000;

    /// <summary>Describes the first invalid setting, or returns null.</summary>
    internal string? Validate(string prefix)
    {
        if (MaxRetryAttempts is < 0 or > 10) return $"{prefix}:MaxRetryAttempts must be between 0 and 10.";
        if (BaseDelay < TimeSpan.Zero) return $"{prefix}:BaseDelay must not be negative.";
        if (MaxRetryAfter < TimeSpan.Zero) return $"{prefix}:MaxRetryAfter must not be negative.";
        if (AttemptTimeout < TimeSpan.FromMilliseconds(10)) return $"{prefix}:AttemptTimeout must be at least 10 ms.";
        if (TotalTimeout < AttemptTimeout) return $"{prefix}:TotalTimeout must be at least AttemptTimeout.";
        if (CircuitBreakerFailureRatio is <= 0 or > 1) return $"{prefix}:CircuitBreakerFailureRatio must be in (0, 1].";
        if (CircuitBreakerMinimumThroughput < 2) return $"{prefix}:CircuitBreakerMinimumThroughput must be at least 2.";
        if (CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500)) return $"{prefix}:CircuitBreakerSamplingDuration must be at least 500 ms.";
        if (CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500)) return $"{prefix}:CircuitBreakerBreakDuration must be at least 500 ms.";
        if (MaxConcurrentRequests < 1) return $"{prefix}:MaxConcurrentRequests must be at least 1.";
        return null;
    }
}
