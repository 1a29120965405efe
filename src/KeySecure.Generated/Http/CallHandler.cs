using System.Diagnostics;
using System.Threading.RateLimiting;
using KeySecure.Generated.Exceptions;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace KeySecure.Generated.Http;

/// <summary>
/// The outermost handler of a provider pipeline, once per call: opens the call's <see cref="CallContext"/> and
/// activity, and turns the resilience pipeline's own failures (timeouts, an open circuit, a full limiter) into the
/// SDK's exceptions, with the call's outcome. Everything a caller catches has passed through here.
/// </summary>
internal sealed class CallHandler(string provider, SdkTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The call's resilience context, rented here so that the call's own context lives in its pooled properties
        // (see CallContext); the resilience handler uses it instead of renting one.
        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        request.SetResilienceContext(resilience);
        var call = CallContext.Open(request, provider);
        using var activity = telemetry.StartCall(call);
        call.Activity = activity;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            telemetry.RecordCall(call, Stopwatch.GetElapsedTime(started), (int)response.StatusCode, failure: null);
            return response;
        }
        catch (Exception failure)
        {
            var translated = Translate(failure, call, cancellationToken);
            telemetry.RecordCall(call, Stopwatch.GetElapsedTime(started), statusCode: null, translated ?? failure);
            if (translated is null) throw;
            throw translated;
        }
        finally
        {
            request.SetResilienceContext(null);
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private static Exception? Translate(Exception failure, CallContext call, CancellationToken cancellationToken)
    {
        var operation = call.Operation;
        return failure switch
        {
            // The caller's own cancellation surfaces as cancellation, whatever was in flight.
            OperationCanceledException when cancellationToken.IsCancellationRequested => null,
            // A failure that arrives after the caller cancelled is reported as the cancellation, unless the call may
            // have been applied: that must never be hidden.
            KeySecureException { OutcomeUnknown: false } when cancellationToken.IsCancellationRequested =>
                new OperationCanceledException("The call was cancelled by the caller.", failure, cancellationToken),
            TimeoutRejectedException timeout => new ProviderResponseException(
                $"Timed out after {call.Attempts} attempt(s) (limit {timeout.Timeout.TotalSeconds:0.###} s)", 0, null, operation, null, timeout, call.MayHaveReachedServer),
            BrokenCircuitException broken => new RequestNotSentException(RequestNotSentReason.CircuitOpen, operation?.OperationId, broken.RetryAfter, broken),
            RateLimiterRejectedException rejected => new RequestNotSentException(RequestNotSentReason.ConcurrencyLimit, operation?.OperationId, rejected.RetryAfter, rejected),
            _ => null,
        };
    }
}
