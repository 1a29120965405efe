namespace KeySecure.Generated.OpenPlatform;

/// <summary>A list request that pages with <c>page</c> (from 0) and <c>size</c> (at most 100).</summary>
public interface IPagedRequest
{
    /// <summary>The page to fetch, from 0.</summary>
    int? Page { get; set; }

    /// <summary>Items per page, 1 to 100.</summary>
    int? Size { get; set; }
}

/// <summary>One page of a list response.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
public interface IPage<TItem>
{
    /// <summary>The items of this page.</summary>
    ICollection<TItem>? List { get; }

    /// <summary>The number of items across all pages, when the provider says.</summary>
    long? Total { get; }
}

// The generated list DTOs already have these members; the declarations below only name the shape so one pager serves all lists.
public partial class ListCardholdersRequest : IPagedRequest;
public partial class ListCardsRequest : IPagedRequest;
public partial class ListConsumptionsRequest : IPagedRequest;
public partial class ListTransfersRequest : IPagedRequest;
public partial class ListCardPackagesRequest : IPagedRequest;
public partial class ListSupportedBinsRequest : IPagedRequest;
public partial class CardholderPage : IPage<CardholderSummary>;
public partial class CardPage : IPage<CardSummary>;
public partial class ConsumptionPage : IPage<ConsumptionSummary>;
public partial class TransferPage : IPage<Transfer>;
public partial class CardPackagePage : IPage<CardPackage>;
public partial class SupportedBinPage : IPage<SupportedBin>;
