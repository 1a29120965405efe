using KeySecure.Generated.Benchmarks.Peers.Kiota;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace KeySecure.Generated.Benchmarks.Peers;

/// <summary>
/// The Kiota peer: the client the <c>kiota</c> tool generates from openapi/keysecure.yaml (at build time, see the
/// project file), used the way Kiota's documentation shows: an <see cref="IAuthenticationProvider"/> adds the
/// headers, <see cref="HttpClientRequestAdapter"/> over Kiota's default middleware, plus one middleware of the
/// user's own for the envelope (<see cref="PeerEnvelopeHandler"/>), since the spec's <c>200</c> schemas describe
/// <c>data</c> alone.
/// </summary>
public static class KiotaPeer
{
    /// <summary>Creates the client; <paramref name="transport"/> is the network (canned handler or sockets).</summary>
    public static (KiotaKeySecureClient Client, IDisposable Owner) Create(HttpMessageHandler transport, Uri apiRoot, string apiKey, string token)
    {
        var middleware = KiotaClientFactory.CreateDefaultHandlers();
        middleware.Add(new PeerEnvelopeHandler());
        var http = new HttpClient(KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport, [.. middleware])!, disposeHandler: false);
        var adapter = new HttpClientRequestAdapter(new HeadersAuthenticationProvider(apiKey, token), httpClient: http)
        {
            BaseUrl = apiRoot.ToString().TrimEnd('/'),
        };
        return (new KiotaKeySecureClient(adapter), http);
    }

    private sealed class HeadersAuthenticationProvider(string apiKey, string token) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            request.Headers.Add("Api-Key", apiKey);
            request.Headers.Add("Timestamp", PeerStamp.Now());
            request.Headers.Add("Access-Token", token);
            return Task.CompletedTask;
        }
    }
}
