using KeySecure.Generated.OpenPlatform;
using Refit;

namespace KeySecure.Generated.Benchmarks.Peers;

/// <summary>
/// The plain Refit peer: <c>RestService.ForGenerated&lt;ICardsClient&gt;</c>, the SDK's own Refit interface, over a plain
/// HttpClient without any of the SDK's handlers or settings; only the two handlers a Refit user needs to do the same
/// work (<see cref="PeerHeadersHandler"/>, <see cref="PeerEnvelopeHandler"/>) and Refit's default settings
/// (System.Text.Json), as a user starts with.
/// </summary>
public sealed class RefitPeer
{
    private readonly ICardsClient _cards;

    public RefitPeer(HttpMessageHandler transport, Uri apiRoot, string apiKey, string token)
    {
        Http = new HttpClient(new PeerEnvelopeHandler(new PeerHeadersHandler(transport, apiKey, token)), disposeHandler: false) { BaseAddress = apiRoot };
        _cards = RestService.ForGenerated<ICardsClient>(Http);
    }

    /// <summary>Which interface the peer is built from, for the report.</summary>
    public static string Source => "RestService.ForGenerated<ICardsClient> (the SDK's Refit interface, Refit's default settings, without the SDK's handlers)";

    public HttpClient Http { get; }

    public Task<CardDetail> GetCardDetailAsync(string cardNo, CancellationToken cancellationToken) => _cards.GetCardDetailAsync(cardNo, cancellationToken);

    public Task<ApplyCardResult> ApplyCardAsync(ApplyCardRequest body, CancellationToken cancellationToken) => _cards.ApplyCardAsync(body, cancellationToken);
}
