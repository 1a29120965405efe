using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Http;

/// <summary>The transport end of a provider pipeline.</summary>
internal static class ProviderTransport
{
    /// <summary>
    /// Tells the primary handler to follow no redirect, and adds the SDK's innermost handler, which refuses an answer
    /// from any URL other than the one sent to (<see cref="SameUrlHandler"/>): a 3xx reaches the SDK's handlers as an
    /// error, so <c>Api-Key</c>, <c>Access-Token</c>, signatures and encrypted bodies never go to a URL other than the
    /// configured one, and if a replaced primary handler follows one anyway, its answer is not used.
    /// </summary>
    public static IHttpClientBuilder FollowNoRedirects(this IHttpClientBuilder http) =>
        http.ConfigurePrimaryHttpMessageHandler(static (handler, _) =>
            {
                switch (handler)
                {
                    case SocketsHttpHandler sockets:
                        sockets.AllowAutoRedirect = false;
                        break;
                    case HttpClientHandler client:
                        client.AllowAutoRedirect = false;
                        break;
                }
            })
            .AddHttpMessageHandler(static () => new SameUrlHandler());

    /// <summary>True when <paramref name="address"/> is https, or plain http to this machine (local tests, the sandbox).</summary>
    public static bool IsSafeBaseAddress(Uri address) =>
        address.IsAbsoluteUri && (address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback));
}
