using System.Threading.RateLimiting;
using KeySecure.Generated.Exceptions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace KeySecure.Generated.Http;

/// <summary>
/// Runs each call through the registration's concurrency limiter and Polly pipeline. It sits outside the
/// authentication handler, so every attempt is stamped and signed afresh.
/// </summary>
public sealed class ResilienceHandler : DelegatingHandler
{
    /// <summary>The 1-based attempt number, for logs.</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptKey = new("KeySecure.Attempt");

    private readonly ResiliencePipeline _pipeline;
    private readonly RateLimiter _limiter;

    internal ResilienceHandler(ResiliencePipeline pipeline, RateLimiter limiter)
    {
        _pipeline = pipeline;
        _limiter = limiter;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operationId = OperationMetadata.Of(request)?.OperationId;
        using var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new ProviderResponseException("Not sent: the client-side limit of concurrent requests is reached", 0, null, operationId, null, null);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePipelineFactory.RequestKey, request);
        var attempt = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    state.request.Options.Set(AttemptKey, Interlocked.Increment(ref attempt));
                    return await state.handler.SendInnerAsync(state.request, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (handler: this, request)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderResponseException($"Timed out after {attempt} attempt(s)", 0, null, operationId, null, timeout);
        }
        catch (BrokenCircuitException broken)
        {
            throw new ProviderResponseException("Not sent: the circuit breaker is open after repeated failures", 0, null, operationId, broken.RetryAfter, broken);
        }
        catch (HttpRequestException network) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderResponseException($"Network failure after {attempt} attempt(s): {network.HttpRequestError}", 0, null, operationId, null, network);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
