using System.Text.Json;
using KeySecure.Generated.OpenPlatform;
using Refit;

namespace KeySecure.Generated.Benchmarks.Peers;

/// <summary>
/// The plain Refit peer: <c>RestService.ForGenerated&lt;ICardsClient&gt;</c>, the SDK's own Refit interface, over a plain
/// HttpClient without any of the SDK's handlers or settings; only the two handlers a Refit user needs to do the same
/// work (<see cref="PeerHeadersHandler"/>, <see cref="PeerEnvelopeHandler"/>) and System.Text.Json's web defaults, as a
/// user starts with (Refit's own defaults up to version 16; they read the numbers the provider sends as strings). Refit
/// 17 reads JSON only through source-generated metadata, so the options resolve types from the spec's generated context.
/// </summary>
public sealed class RefitPeer
{
    private readonly ICardsClient _cards;

    public RefitPeer(HttpMessageHandler transport, Uri apiRoot, string apiKey, string token)
    {
        Http = new HttpClient(new PeerEnvelopeHandler(new PeerHeadersHandler(transport, apiKey, token)), disposeHandler: false) { BaseAddress = apiRoot };
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = OpenPlatformJsonContext.Default };
        _cards = RestService.ForGenerated<ICardsClient>(Http, new RefitSettings(new SystemTextJsonContentSerializer(json)));
    }

    /// <summary>Which interface the peer is built from, for the report.</summary>
    public static string Source => "RestService.ForGenerated<ICardsClient> (the SDK's Refit interface, System.Text.Json's web defaults over the spec's source-generated metadata, without the SDK's handlers)";

    public HttpClient Http { get; }

    public Task<CardDetail> GetCardDetailAsync(string cardNo, CancellationToken cancellationToken) => _cards.GetCardDetailAsync(cardNo, cancellationToken);

    public Task<ApplyCardResult> ApplyCardAsync(ApplyCardRequest body, CancellationToken cancellationToken) => _cards.ApplyCardAsync(body, cancellationToken);
}
