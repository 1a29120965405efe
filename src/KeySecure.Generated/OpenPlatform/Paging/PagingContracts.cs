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
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListCardholdersRequest : IPagedRequest;
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListCardsRequest : IPagedRequest;
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListConsumptionsRequest : IPagedRequest;
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListTransfersRequest : IPagedRequest;
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListCardPackagesRequest : IPagedRequest;
/// <summary>Generated list type, seen as <see cref="IPagedRequest"/> by the pager.</summary>
public partial class ListSupportedBinsRequest : IPagedRequest;
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
