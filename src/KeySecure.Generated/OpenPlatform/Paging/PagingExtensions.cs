using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>Every list operation as an <see cref="IAsyncEnumerable{T}"/> over all its pages.</summary>
/// <remarks>
/// Each page is asked for with a copy of <c>filter</c>, which is never modified, so one filter serves any number of
/// walks. When the answer carries <c>total</c>, the walk goes on until that many items were seen, even past pages
/// shorter than asked for (a provider may serve fewer items per page than asked); without it, a short page is the
/// last. An empty page, or one that repeats the previous one, always ends the walk: <c>logger</c>, when given, gets a
/// warning if that happens before the total was reached.
/// </remarks>
public static class PagingExtensions
{
    /// <summary>All cardholders matching <paramref name="filter"/>.</summary>
    public static IAsyncEnumerable<CardholderSummary> ListAllCardholdersAsync(this ICardholdersClient client, ListCardholdersRequest filter, CancellationToken cancellationToken = default, ILogger? logger = null) =>
        Pager.EnumerateAsync<ListCardholdersRequest, CardholderPage, CardholderSummary>(filter, client.ListCardholdersAsync, logger, cancellationToken);

    /// <summary>All cards matching <paramref name="filter"/>.</summary>
    public static IAsyncEnumerable<CardSummary> ListAllCardsAsync(this ICardsClient client, ListCardsRequest filter, CancellationToken cancellationToken = default, ILogger? logger = null) =>
        Pager.EnumerateAsync<ListCardsRequest, CardPage, CardSummary>(filter, client.ListCardsAsync, logger, cancellationToken);

    /// <summary>All card packages matching <paramref name="filter"/> (credit mode).</summary>
    public static IAsyncEnumerable<CardPackage> ListAllCardPackagesAsync(this ICardsClient client, ListCardPackagesRequest filter, CancellationToken cancellationToken = default, ILogger? logger = null) =>
        Pager.EnumerateAsync<ListCardPackagesRequest, CardPackagePage, CardPackage>(filter, client.ListCardPackagesAsync, logger, cancellationToken);

    /// <summary>All supported BINs matching <paramref name="filter"/> (authorization mode).</summary>
    public static IAsyncEnumerable<SupportedBin> ListAllSupportedBinsAsync(this ICardsClient client, ListSupportedBinsRequest filter, CancellationToken cancellationToken = default, ILogger? logger = null) =>
        Pager.EnumerateAsync<ListSupportedBinsRequest, SupportedBinPage, SupportedBin>(filter, client.ListSupportedBinsAsync, logger, cancellationToken);

    /// <summary>All consumptions matching <paramref name="filter"/>.</summary>
    public static IAsyncEnumerable<ConsumptionSummary> ListAllConsumptionsAsync(this IConsumptionsClient client, ListConsumptionsRequest filter, CancellationToken cancellationToken = default, ILogger? logger = null) =>
        Pager.EnumerateAsync<ListConsumptionsRequest, ConsumptionPage, ConsumptionSummary>(filter, client.ListConsumptionsAsync, logger, cancellationToken);

    /// <summary>All transfers matching <paramref name="filter"/> (credit mode).</summary>
    public static IAsyncEnumerable<Transfer> ListAllTransfersAsync(this IAccountsClient client, ListTransfersRequest filter, CancellationToken cancellationToken = default, ILogger? logger = null) =>
        Pager.EnumerateAsync<ListTransfersRequest, TransferPage, Transfer>(filter, client.ListTransfersAsync, logger, cancellationToken);
}
