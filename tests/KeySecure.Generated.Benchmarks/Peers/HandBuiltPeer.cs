using System.Text.Json;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace KeySecure.Generated.Benchmarks.Peers;

/// <summary>
/// The peer a team without this SDK would build: the SDK's own Refit interface registered through
/// Refit.HttpClientFactory (<c>AddRefitGeneratedClient</c>, the spec's source-generated JSON metadata over
/// System.Text.Json's web defaults), Microsoft.Extensions.Http.Resilience's <c>AddStandardResilienceHandler()</c> with
/// the library's defaults, and <see cref="HandBuiltAuthHandler"/> inside it for the headers, the token and the envelope.
/// </summary>
public sealed class HandBuiltPeer : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ICardsClient _cards;

    /// <param name="transport">The network (canned handler), or null for the factory's own SocketsHttpHandler.</param>
    public HandBuiltPeer(HttpMessageHandler? transport, Uri apiRoot, string apiKey)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new HandBuiltTokenCache(apiRoot, apiKey));
        var http = services
            .AddRefitGeneratedClient<ICardsClient>(OpenPlatformJsonContext.Default,
                _ => new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web))))
            .ConfigureHttpClient(client => client.BaseAddress = apiRoot);
        if (transport is not null) http.ConfigurePrimaryHttpMessageHandler(() => transport);
        http.AddStandardResilienceHandler();
        http.AddHttpMessageHandler(sp => new HandBuiltAuthHandler(sp.GetRequiredService<HandBuiltTokenCache>()));
        _services = services.BuildServiceProvider();
        _cards = _services.GetRequiredService<ICardsClient>();
    }

    /// <summary>How the peer is built, for the report.</summary>
    public static string Source =>
        "AddRefitGeneratedClient<ICardsClient> (Refit.HttpClientFactory, the SDK's Refit interface) + AddStandardResilienceHandler() with the library's defaults + one DelegatingHandler inside it (Api-Key, Timestamp, a cached Access-Token, the envelope unwrapped)";

    public Task<CardDetail> GetCardDetailAsync(string cardNo, CancellationToken cancellationToken) => _cards.GetCardDetailAsync(cardNo, cancellationToken);

    public Task<ApplyCardResult> ApplyCardAsync(ApplyCardRequest body, CancellationToken cancellationToken) => _cards.ApplyCardAsync(body, cancellationToken);

    public void Dispose() => _services.Dispose();
}
