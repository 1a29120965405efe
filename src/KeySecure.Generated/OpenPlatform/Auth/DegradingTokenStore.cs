using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Wraps the registered store so its failures never fail a call: each failing operation is logged as a warning and
/// answered as if the store were empty and uncoordinated, which leaves the SDK with its per-process behaviour (its own
/// cached token, its own single-flight fetch).
/// </summary>
internal sealed partial class DegradingTokenStore : IKeySecureTokenStore
{
    private readonly IKeySecureTokenStore _inner;
    private readonly ILogger _logger;

    public DegradingTokenStore(IKeySecureTokenStore inner, ILogger logger)
    {
        _inner = inner;
        _logger = logger;
    }

    public async ValueTask<StoredAccessToken?> GetAsync(TokenStoreKey key, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsStoreFailure(error, cancellationToken))
        {
            StoreFailed(error, "read");
            return null;
        }
    }

    public async ValueTask<bool> SetAsync(TokenStoreKey key, StoredAccessToken token, TokenRefreshClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.SetAsync(key, token, claim, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsStoreFailure(error, cancellationToken))
        {
            // The fetched token is still good for this process: keep it rather than look for a newer one.
            StoreFailed(error, "write");
            return true;
        }
    }

    public async ValueTask RemoveAsync(TokenStoreKey key, string rejectedToken, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.RemoveAsync(key, rejectedToken, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsStoreFailure(error, cancellationToken))
        {
            StoreFailed(error, "compare-and-delete");
        }
    }

    public async ValueTask<TokenRefreshClaim> ClaimRefreshAsync(TokenStoreKey key, Func<StoredAccessToken, bool> isUsable, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.ClaimRefreshAsync(key, isUsable, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsStoreFailure(error, cancellationToken))
        {
            StoreFailed(error, "refresh lock");
            return TokenRefreshClaim.Uncoordinated;
        }
    }

    public async ValueTask ReleaseAsync(TokenStoreKey key, TokenRefreshClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.ReleaseAsync(key, claim, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsStoreFailure(error, cancellationToken))
        {
            // The lock expires by itself.
            StoreFailed(error, "lock release");
        }
    }

    // A caller's own cancellation is not the store's failure and goes up as it is.
    private static bool IsStoreFailure(Exception error, CancellationToken cancellationToken) =>
        error is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    // The exception's type and message only: store clients do not put tokens in them, and the key names hold no secret.
    private void StoreFailed(Exception error, string operation) =>
        LogStoreFailed(_logger, _inner.GetType().Name, operation, error.GetType().Name, Redaction.Redact(error.Message));

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "Token store {Store} failed ({Operation}): {ErrorType}: {ErrorMessage}. Continuing with this process's own token.")]
    private static partial void LogStoreFailed(ILogger logger, string store, string operation, string errorType, string errorMessage);
}
