using System.Net.Http.Headers;
using System.Text.Json;

namespace KeySecure.Generated.Benchmarks.Peers;

/// <summary>
/// What a team writes for KeySecure next to <c>AddStandardResilienceHandler()</c>: one DelegatingHandler, inside the
/// resilience handler so that every attempt is stamped afresh, that sets <c>Api-Key</c>, <c>Timestamp</c> and a cached
/// <c>Access-Token</c> and unwraps the <c>{code,msg,data}</c> envelope (throwing on a non-zero <c>code</c>). The token
/// lives in <see cref="HandBuiltTokenCache"/>, a singleton, so the factory's handler rotation does not drop it; it is
/// fetched once (single flight) and again 5 minutes before it expires.
/// </summary>
public sealed class HandBuiltAuthHandler(HandBuiltTokenCache tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = tokens.Current ?? await tokens.RefreshAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
        var headers = request.Headers;
        Set(headers, "Api-Key", tokens.ApiKey);
        Set(headers, "Timestamp", PeerStamp.Now());
        Set(headers, "Access-Token", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await PeerEnvelopeHandler.UnwrapAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string Token, long ExpiresAtMs)> FetchTokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, tokens.TokenUri);
        request.Headers.TryAddWithoutValidation("Api-Key", tokens.ApiKey);
        request.Headers.TryAddWithoutValidation("Timestamp", PeerStamp.Now());
        using var response = await PeerEnvelopeHandler.UnwrapAsync(await base.SendAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var data = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return (data.RootElement.GetProperty("access_token").GetString() ?? throw new HttpRequestException("Get Token returned no access_token"),
            data.RootElement.GetProperty("expired_time").GetInt64());
    }

    // A retried request is the same message: its headers are replaced, not added a second time.
    private static void Set(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}

/// <summary>The hand-built peer's Access-Token: one per process, refreshed by one caller while the others wait.</summary>
public sealed class HandBuiltTokenCache(Uri apiRoot, string apiKey)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Entry? _entry;

    public string ApiKey => apiKey;

    public Uri TokenUri { get; } = new(apiRoot, "merchant/token");

    /// <summary>The cached token while it is not due for refresh, else null.</summary>
    public string? Current => _entry is { } entry && DateTimeOffset.UtcNow < entry.RefreshAt ? entry.Token : null;

    public async Task<string> RefreshAsync(Func<CancellationToken, Task<(string Token, long ExpiresAtMs)>> fetch, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Current is { } fresh) return fresh;
            var (token, expiresAtMs) = await fetch(cancellationToken).ConfigureAwait(false);
            _entry = new Entry(token, DateTimeOffset.FromUnixTimeMilliseconds(expiresAtMs) - RefreshMargin);
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Entry(string Token, DateTimeOffset RefreshAt);
}
