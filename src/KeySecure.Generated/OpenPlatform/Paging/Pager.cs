using System.Runtime.CompilerServices;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>Walks a paged list operation page by page as an <see cref="IAsyncEnumerable{T}"/>.</summary>
internal static class Pager
{
    /// <summary>The largest page the provider serves.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// Yields every item, fetching the next page only when the caller has consumed the current one. Paging starts at
    /// <c>filter.Page</c> (default 0) and stops at a short or empty page, or when <c>total</c> items have been seen.
    /// </summary>
    public static async IAsyncEnumerable<TItem> EnumerateAsync<TRequest, TPage, TItem>(
        TRequest filter,
        Func<TRequest, CancellationToken, Task<TPage>> fetchPage,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TRequest : IPagedRequest
        where TPage : IPage<TItem>
    {
        ArgumentNullException.ThrowIfNull(filter);
        var size = Math.Clamp(filter.Size ?? MaxPageSize, 1, MaxPageSize);
        var page = Math.Max(filter.Page ?? 0, 0);
        long seen = 0;
        while (true)
        {
            filter.Page = page;
            filter.Size = size;
            var result = await fetchPage(filter, cancellationToken).ConfigureAwait(false);
            var items = result.List ?? [];
            foreach (var item in items)
            {
                yield return item;
            }
            seen += items.Count;
            if (items.Count < size || (result.Total is { } total && seen >= total))
            {
                yield break;
            }
            page++;
        }
    }
}
