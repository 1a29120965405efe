namespace KeySecure.Generated.OpenPlatform;

/// <summary>A list request that pages with <c>page</c> (from 0) and <c>size</c> (at most 100).</summary>
internal interface IPagedRequest
{
    /// <summary>The page to fetch, from 0.</summary>
    int? Page { get; set; }

    /// <summary>Items per page, 1 to 100 (the limit is stated for the cardholder list only and assumed for the others).</summary>
    int? Size { get; set; }
}

/// <summary>A list request the pager copies for each page, so the caller's filter is never modified.</summary>
internal interface IPageRequestCopy<out TSelf>
{
    /// <summary>A copy of every filter field (shallow: the pager only sets <c>page</c> and <c>size</c> on it).</summary>
    TSelf CopyForPaging();
}

/// <summary>One page of a list response.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
internal interface IPage<TItem>
{
    /// <summary>The items of this page.</summary>
    ICollection<TItem>? List { get; }

    /// <summary>The number of items across all pages, when the provider says.</summary>
    long? Total { get; }
}

// The generated list DTOs already have these members; the declarations below only name the shape so one pager serves all
// lists, and let it copy a request per page.
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListCardholdersRequest : IPagedRequest, IPageRequestCopy<ListCardholdersRequest>
{
    ListCardholdersRequest IPageRequestCopy<ListCardholdersRequest>.CopyForPaging() => (ListCardholdersRequest)MemberwiseClone();
}
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListCardsRequest : IPagedRequest, IPageRequestCopy<ListCardsRequest>
{
    ListCardsRequest IPageRequestCopy<ListCardsRequest>.CopyForPaging() => (ListCardsRequest)MemberwiseClone();
}
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListConsumptionsRequest : IPagedRequest, IPageRequestCopy<ListConsumptionsRequest>
{
    ListConsumptionsRequest IPageRequestCopy<ListConsumptionsRequest>.CopyForPaging() => (ListConsumptionsRequest)MemberwiseClone();
}
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListTransfersRequest : IPagedRequest, IPageRequestCopy<ListTransfersRequest>
{
    ListTransfersRequest IPageRequestCopy<ListTransfersRequest>.CopyForPaging() => (ListTransfersRequest)MemberwiseClone();
}
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListCardPackagesRequest : IPagedRequest, IPageRequestCopy<ListCardPackagesRequest>
{
    ListCardPackagesRequest IPageRequestCopy<ListCardPackagesRequest>.CopyForPaging() => (ListCardPackagesRequest)MemberwiseClone();
}
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListSupportedBinsRequest : IPagedRequest, IPageRequestCopy<ListSupportedBinsRequest>
{
    ListSupportedBinsRequest IPageRequestCopy<ListSupportedBinsRequest>.CopyForPaging() => (ListSupportedBinsRequest)MemberwiseClone();
}
/// <summary>Generated list type, seen as <see cref="IPage{CardholderSummary}"/> by the pager.</summary>
public partial class CardholderPage : IPage<CardholderSummary>;
/// <summary>Generated list type, seen as <see cref="IPage{CardSummary}"/> by the pager.</summary>
public partial class CardPage : IPage<CardSummary>;
/// <summary>Generated list type, seen as <see cref="IPage{ConsumptionSummary}"/> by the pager.</summary>
public partial class ConsumptionPage : IPage<ConsumptionSummary>;
/// <summary>Generated list type, seen as <see cref="IPage{Transfer}"/> by the pager.</summary>
public partial class TransferPage : IPage<Transfer>;
/// <summary>Generated list type, seen as <see cref="IPage{CardPackage}"/> by the pager.</summary>
public partial class CardPackagePage : IPage<CardPackage>;
/// <summary>Generated list type, seen as <see cref="IPage{SupportedBin}"/> by the pager.</summary>
public partial class SupportedBinPage : IPage<SupportedBin>;
