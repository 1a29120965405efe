namespace KeySecure.Generated.OpenPlatform;

/// <summary>Every list operation as an <see cref="IAsyncEnumerable{T}"/> over all its pages.</summary>
public static class PagingExtensions
{
    /// <summary>All cardholders matching <paramref name="filter"/>.</summary>
    public static IAsyncEnumerable<CardholderSummary> ListAllCardholdersAsync(this ICardholdersClient client, ListCardholdersRequest filter, CancellationToken cancellationToken = default) =>
        Pager.EnumerateAsync<ListCardholdersRequest, CardholderPage, CardholderSummary>(filter, client.ListCardholdersAsync, cancellationToken);

    /// <summary>All cards matching <paramref name="filter"/>.</summary>
    public static IAsyncEnumerable<CardSummary> ListAllCardsAsync(this ICardsClient client, ListCardsRequest filter, CancellationToken cancellationToken = default) =>
        Pager.EnumerateAsync<ListCardsRequest, CardPage, CardSummary>(filter, client.ListCardsAsync, cancellationToken);

    /// <summary>All card packages matching <paramref name="filter"/> (credit mode).</summary>
    public static IAsyncEnumerable<CardPackage> ListAllCardPackagesAsync(this ICardsClient client, ListCardPackagesRequest filter, CancellationToken cancellationToken = default) =>
        Pager.EnumerateAsync<ListCardPackagesRequest, CardPackagePage, CardPackage>(filter, client.ListCardPackagesAsync, cancellationToken);

    /// <summary>All supported BINs matching <paramref name="filter"/> (authorization mode).</summary>
    public static IAsyncEnumerable<SupportedBin> ListAllSupportedBinsAsync(this ICardsClient client, ListSupportedBinsRequest filter, CancellationToken cancellationToken = default) =>
        Pager.EnumerateAsync<ListSupportedBinsRequest, SupportedBinPage, SupportedBin>(filter, client.ListSupportedBinsAsync, cancellationToken);

    /// <summary>All consumptions matching <paramref name="filter"/>.</summary>
    public static IAsyncEnumerable<ConsumptionSummary> ListAllConsumptionsAsync(this IConsumptionsClient client, ListConsumptionsRequest filter, CancellationToken cancellationToken = default) =>
        Pager.EnumerateAsync<ListConsumptionsRequest, ConsumptionPage, ConsumptionSummary>(filter, client.ListConsumptionsAsync, cancellationToken);

    /// <summary>All transfers matching <paramref name="filter"/> (credit mode).</summary>
    public static IAsyncEnumerable<Transfer> ListAllTransfersAsync(this IAccountsClient client, ListTransfersRequest filter, CancellationToken cancellationToken = default) =>
        Pager.EnumerateAsync<ListTransfersRequest, TransferPage, Transfer>(filter, client.ListTransfersAsync, cancellationToken);
}
