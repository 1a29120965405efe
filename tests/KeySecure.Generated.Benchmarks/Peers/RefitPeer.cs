using KeySecure.Generated.OpenPlatform;
using Refit;

namespace KeySecure.Generated.Benchmarks.Peers;

/// <summary>
/// The plain Refit peer: a Refit client over a plain HttpClient, without any of the SDK's handlers; only the two a
/// Refit user needs to do the same work (<see cref="PeerHeadersHandler"/>, <see cref="PeerEnvelopeHandler"/>). Refit's
/// default settings (System.Text.Json), as a user starts with.
/// </summary>
/// <remarks>
/// SEAM (until the SDK's interfaces are Refit interfaces): when the SDK's own <see cref="ICardsClient"/> carries
/// Refit attributes, the peer is <c>RestService.For&lt;ICardsClient&gt;</c>, the SDK's interface by name. Until then
/// it is <see cref="IRefitCardsPeer"/>, a hand-written Refit interface with the same two operations and the SDK's
/// generated DTOs. <see cref="Source"/> says which one a run measured, and the report prints it.
/// </remarks>
public sealed class RefitPeer
{
    private readonly Func<string, CancellationToken, Task<CardDetail>> _getCardDetail;
    private readonly Func<ApplyCardRequest, CancellationToken, Task<ApplyCardResult>> _applyCard;

    public RefitPeer(HttpMessageHandler transport, Uri apiRoot, string apiKey, string token)
    {
        Http = new HttpClient(new PeerEnvelopeHandler(new PeerHeadersHandler(transport, apiKey, token)), disposeHandler: false) { BaseAddress = apiRoot };
        if (SdkInterfacesAreRefit)
        {
            var cards = RestService.For<ICardsClient>(Http);
            _getCardDetail = cards.GetCardDetailAsync;
            _applyCard = cards.ApplyCardAsync;
        }
        else
        {
            var cards = RestService.For<IRefitCardsPeer>(Http);
            _getCardDetail = cards.GetCardDetailAsync;
            _applyCard = cards.ApplyCardAsync;
        }
    }

    /// <summary>True once the SDK's interfaces are Refit interfaces (the peer then uses them by name).</summary>
    public static bool SdkInterfacesAreRefit { get; } =
        typeof(ICardsClient).GetMethods().Any(m => m.Name == nameof(ICardsClient.GetCardDetailAsync) && m.IsDefined(typeof(HttpMethodAttribute), inherit: true));

    /// <summary>Which interface the peer is built from, for the report.</summary>
    public static string Source => SdkInterfacesAreRefit
        ? "RestService.For<ICardsClient> (the SDK's Refit interface, without the SDK's handlers)"
        : "hand-written Refit interface for the same operations (the SDK's interfaces are not Refit interfaces in this build)";

    public HttpClient Http { get; }

    public Task<CardDetail> GetCardDetailAsync(string cardNo, CancellationToken cancellationToken) => _getCardDetail(cardNo, cancellationToken);

    public Task<ApplyCardResult> ApplyCardAsync(ApplyCardRequest body, CancellationToken cancellationToken) => _applyCard(body, cancellationToken);
}

/// <summary>The stand-in Refit interface (see <see cref="RefitPeer"/>): paths and DTOs from openapi/keysecure.yaml.</summary>
public interface IRefitCardsPeer
{
    [Get("/card/{cardNo}/detail")]
    [Headers("Accept: application/json")]
    Task<CardDetail> GetCardDetailAsync(string cardNo, CancellationToken cancellationToken);

    [Post("/card/apply")]
    [Headers("Accept: application/json")]
    Task<ApplyCardResult> ApplyCardAsync([Body] ApplyCardRequest body, CancellationToken cancellationToken);
}
