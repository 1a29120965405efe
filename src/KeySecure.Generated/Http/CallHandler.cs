using KeySecure.Generated.Exceptions;
using Polly;

namespace KeySecure.Generated.Http;

/// <summary>
/// The outermost handler of a provider pipeline, once per call: opens the call's <see cref="CallContext"/> and
/// activity, turns the resilience pipeline's own failures (timeouts, an open circuit, a full limiter) and the
/// caller's cancellation into what the caller gets (<see cref="SdkErrors"/>), and hands the call's telemetry to the
/// answer so that its outcome is written once, after the generated client has read the data.
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
        call.Begin(telemetry);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            // The data is read after this returns: a body held in memory reports the call's outcome once it was read
            // (an applied write whose data cannot be read is outcome_unknown, not success); any other answer now.
            call.AnsweredStatus = (int)response.StatusCode;
            if (response.Content is BufferedJsonContent buffered) buffered.Call = call;
            else call.Complete(failure: null);
            return response;
        }
        catch (Exception failure)
        {
            var translated = Translate(failure, call, cancellationToken);
            call.Complete(translated ?? failure);
            if (translated is null) throw;
            throw translated;
        }
        finally
        {
            request.SetResilienceContext(null);
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private static Exception? Translate(Exception failure, CallContext call, CancellationToken cancellationToken) => failure switch
    {
        // The caller gave up: a cancellation, which says whether a write may have been applied. A failure that already
        // says the outcome is unknown is never hidden behind it.
        KeySecureException { OutcomeUnknown: true } => null,
        _ when cancellationToken.IsCancellationRequested => SdkErrors.Cancelled(call, failure, cancellationToken),
        _ => SdkErrors.FromPipeline(failure, call),
    };
}
