using System.Runtime.CompilerServices;
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
internal sealed class ResilienceHandler : DelegatingHandler
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
        var operation = OperationMetadata.Of(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePipelineFactory.RequestKey, request);
        var attempts = new StrongBox<int>(0);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var number = Interlocked.Increment(ref state.attempts.Value);
                    state.request.Options.Set(AttemptKey, number);
                    // A permit per attempt, not per call: a call waiting out its backoff holds none. Get Token is
                    // exempt: the calls waiting for the token hold permits, and it must not be refused behind them.
                    using var lease = state.operation?.Auth == OperationAuth.ApiKey ? null : state.handler._limiter.AttemptAcquire();
                    if (lease is { IsAcquired: false })
                    {
                        throw new ProviderResponseException("Not sent: the client-side limit of concurrent requests is reached", 0, null, state.operation?.OperationId, null, null);
                    }
                    return await state.handler.SendInnerAsync(state.request, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (handler: this, request, operation, attempts)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderResponseException($"Timed out after {attempts.Value} attempt(s)", 0, null, operation?.OperationId, null, timeout);
        }
        catch (BrokenCircuitException broken)
        {
            throw new ProviderResponseException("Not sent: the circuit breaker is open after repeated failures", 0, null, operation?.OperationId, broken.RetryAfter, broken);
        }
        catch (HttpRequestException network) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderResponseException($"Network failure after {attempts.Value} attempt(s): {network.HttpRequestError}", 0, null, operation?.OperationId, null, network);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
