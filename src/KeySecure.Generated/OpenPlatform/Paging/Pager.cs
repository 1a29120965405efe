using System.Runtime.CompilerServices;
using System.Text.Json;
using KeySecure.Generated.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>Walks a paged list operation page by page as an <see cref="IAsyncEnumerable{T}"/>.</summary>
/// <remarks>
/// The provider documents paging (page from 0, size at most 100) for the cardholder list only; the other lists are
/// assumed to page the same way (<c>x-keysecure-assumed</c> on each list request). A provider may serve fewer items than
/// asked, so a short page ends the walk only when the answer gives no <c>total</c>: with a total, the walk goes on until
/// that many items were seen. Page <c>n</c> is asked for with the same size throughout, so a provider that caps the size
/// is expected to page by the size it serves (page <c>n</c> holds its items <c>n × served</c> onwards), which is what a
/// clamped page size does.
/// </remarks>
internal static partial class Pager
{
    /// <summary>
    /// The largest page asked for: stated for the cardholder list only, a guess for every other list (flagged
    /// <c>x-keysecure-assumed</c> in the spec). A provider that serves less is still walked to the end.
    /// </summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// Yields every item, fetching the next page only when the caller has consumed the current one. Paging starts at
    /// <c>filter.Page</c> (default 0); each page is asked for with a copy of <paramref name="filter"/>, which is never
    /// modified. The walk ends when <c>total</c> items were seen, or, without a total, at a page shorter than asked
    /// for; in any case at an empty page or one that repeats the previous one, logged as a warning when it ends
    /// before the total.
    /// </summary>
    public static async IAsyncEnumerable<TItem> EnumerateAsync<TRequest, TPage, TItem>(
        TRequest filter,
        Func<TRequest, CancellationToken, Task<TPage>> fetchPage,
        ILogger? logger,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TRequest : IPagedRequest, IPageRequestCopy<TRequest>
        where TPage : IPage<TItem>
    {
        ArgumentNullException.ThrowIfNull(filter);
        logger ??= NullLogger.Instance;
        var size = Math.Clamp(filter.Size ?? MaxPageSize, 1, MaxPageSize);
        var firstPage = Math.Max(filter.Page ?? 0, 0);
        long seen = 0;
        PageMark? previous = null;
        for (var page = firstPage; ; page++)
        {
            var request = filter.CopyForPaging();
            request.Page = page;
            request.Size = size;
            var result = await fetchPage(request, cancellationToken).ConfigureAwait(false);
            var items = result.List ?? [];
            var total = result.Total;

            var mark = PageMark.Of(items);
            if (items.Count == 0 || previous == mark)
            {
                WarnIfShortOfTotal<TItem>(logger, page, items.Count == 0, seen, total, startedAtFirstPage: firstPage == 0);
                yield break;
            }
            foreach (var item in items)
            {
                yield return item;
            }
            seen += items.Count;
            // With a total, a short page is not the end: a provider may serve fewer items than asked for.
            if (total is { } expected ? seen >= expected : items.Count < size)
            {
                yield break;
            }
            previous = mark;
        }
    }

    // Walked from a later page, the items before it are unknown, so the total cannot be compared with what was seen.
    private static void WarnIfShortOfTotal<TItem>(ILogger logger, int page, bool empty, long seen, long? total, bool startedAtFirstPage)
    {
        var why = empty ? "empty" : "a repeat of the previous page";
        if (total is { } expected && startedAtFirstPage && seen < expected)
            LogEndedShortOfTotal(logger, typeof(TItem).Name, page, why, seen, expected);
        else if (!empty)
            LogEndedOnRepeat(logger, typeof(TItem).Name, page, seen);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Paging {Item} items ended at page {Page}, which was {Why}, after {Seen} of the {Total} items the provider's total announced: some items may be missing.")]
    private static partial void LogEndedShortOfTotal(ILogger logger, string item, int page, string why, long seen, long total);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Paging {Item} items ended at page {Page}, which repeated the previous page, after {Seen} items: the provider may not page this list.")]
    private static partial void LogEndedOnRepeat(ILogger logger, string item, int page, long seen);

    /// <summary>
    /// What tells a page from the previous one: its count and its first and last items as JSON. A provider that ignores
    /// <c>page</c> answers the same items again; a real next page never starts and ends with the same items.
    /// </summary>
    private readonly record struct PageMark(int Count, string First, string Last)
    {
        public static PageMark Of<TItem>(ICollection<TItem> items) =>
            items.Count == 0 ? default : new(items.Count, Json(items.First()), Json(items.Last()));

        private static string Json<TItem>(TItem item) => JsonSerializer.Serialize(item, JsonDefaults.TypeInfo<TItem>(JsonDefaults.Options));
    }
}
