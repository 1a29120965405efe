using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Modes;

/// <summary>
/// Scenario 5: how cost grows with work. <c>ListAllCardsAsync</c> (the IAsyncEnumerable helper) through the real DI
/// client pages through 1,000, 10,000 and 100,000 cards (pages of 100, canned network). Time and bytes allocated per
/// item must stay constant, and memory flat: the live heap (after a full collection) once the first page is consumed
/// and again at the last item, with the enumeration still running, must not grow with the items walked.
/// </summary>
public static class PagingMode
{
    public static readonly int[] Sizes = [1_000, 10_000, 100_000];
    private const double TimeTarget = 1.15;
    private const double AllocationTarget = 1.05;
    private const double MemoryTarget = 1.05;

    public static async Task RunAsync(Report report)
    {
        var pages = new CannedPages(new CannedHandler());
        await using var services = Sdk.Create(pages);
        var cards = services.GetRequiredService<ICardsClient>();
        await WalkAsync(cards, pages, Sizes[0]); // JIT, token, every lazy in the pipeline

        report.Line("### Paging: ListAllCardsAsync over 1,000 / 10,000 / 100,000 cards (pages of 100, canned network)");
        report.Line();
        report.Line("| Items | Pages | Time (ms) | Time per item (µs) | Allocated per item (B) | Live heap after page 1 / at last item (KB) | Growth |");
        report.Line("|---:|---:|---:|---:|---:|---|---:|");
        var results = new List<Walk>();
        foreach (var size in Sizes)
        {
            var walk = await WalkAsync(cards, pages, size);
            results.Add(walk);
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {size / Pager.MaxPageSize:N0} | {walk.Elapsed.TotalMilliseconds:N1} | {walk.MicrosecondsPerItem:0.000} | {walk.BytesPerItem:N0} | " +
                $"{walk.LiveAfterFirstPage / 1024:N0} / {walk.LiveAtLastItem / 1024:N0} | {Report.Ratio(walk.Growth)} |"));
            report.Row("paging", new()
            {
                ["items"] = size,
                ["pages"] = size / Pager.MaxPageSize,
                ["elapsedMs"] = Math.Round(walk.Elapsed.TotalMilliseconds, 2),
                ["microsecondsPerItem"] = Math.Round(walk.MicrosecondsPerItem, 4),
                ["allocatedBytesPerItem"] = Math.Round(walk.BytesPerItem, 1),
                ["liveHeapAfterFirstPageBytes"] = walk.LiveAfterFirstPage,
                ["liveHeapAtLastItemBytes"] = walk.LiveAtLastItem,
            });
        }
        report.Line();
        var (mid, large) = (results[1], results[2]);
        var time = large.MicrosecondsPerItem / mid.MicrosecondsPerItem;
        var allocation = large.BytesPerItem / mid.BytesPerItem;
        report.AtMost("paging.time-per-item", "paging", "time per item at 100,000 items / at 10,000 items", time, TimeTarget,
            time <= TimeTarget ? null : $"{large.MicrosecondsPerItem:0.000} vs {mid.MicrosecondsPerItem:0.000} µs per item; {large.Gen2} gen2 collections during the 100,000-item walk vs {mid.Gen2} during the 10,000-item walk.");
        report.AtMost("paging.allocation-per-item", "paging", "bytes allocated per item at 100,000 items / at 10,000 items", allocation, AllocationTarget,
            allocation <= AllocationTarget ? null : $"{large.BytesPerItem:N0} vs {mid.BytesPerItem:N0} B per item.");
        report.AtMost("paging.memory", "paging", "live heap at the last of 100,000 items / after the first page", large.Growth, MemoryTarget,
            large.Growth <= MemoryTarget ? null : $"The live heap grew from {large.LiveAfterFirstPage / 1024:N0} KB to {large.LiveAtLastItem / 1024:N0} KB while walking.");
    }

    private static async Task<Walk> WalkAsync(ICardsClient cards, CannedPages pages, int items)
    {
        pages.Total = items;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long liveAfterFirstPage = 0, liveAtLastItem = 0, measuring = 0;
        var seen = 0;
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await foreach (var card in cards.ListAllCardsAsync(new ListCardsRequest { Size = Pager.MaxPageSize }))
        {
            if (card.CardNo is null) throw new InvalidOperationException("card without card_no");
            seen++;
            if (seen == Pager.MaxPageSize || seen == items)
            {
                // Measured with the enumeration alive: anything it retains per item is still reachable here.
                clock.Stop();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var live = GC.GetTotalMemory(forceFullCollection: true);
                measuring += GC.GetTotalAllocatedBytes(precise: true) - before;
                if (seen == Pager.MaxPageSize) liveAfterFirstPage = live;
                if (seen == items) liveAtLastItem = live;
                clock.Start();
            }
        }
        clock.Stop();
        if (seen != items) throw new InvalidOperationException($"walked {seen} of {items} items");
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated - measuring;
        return new Walk(items, clock.Elapsed, bytes, liveAfterFirstPage, liveAtLastItem, GC.CollectionCount(2) - gen2);
    }

    private sealed record Walk(int Items, TimeSpan Elapsed, long Allocated, long LiveAfterFirstPage, long LiveAtLastItem, int Gen2)
    {
        public double MicrosecondsPerItem => Elapsed.TotalMicroseconds / Items;
        public double BytesPerItem => (double)Allocated / Items;
        public double Growth => (double)LiveAtLastItem / LiveAfterFirstPage;
    }

    /// <summary>
    /// Answers <c>POST /card/list</c> with a full page of 100 cards and <c>total</c>; anything else goes to the inner
    /// canned handler. Consecutive pages hold different cards (two canned pages, served in turn): the pager ends a walk
    /// at a page that repeats the previous one.
    /// </summary>
    private sealed class CannedPages(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private static readonly string[] PageItems = [Items('A'), Items('B')];

        private readonly Dictionary<int, byte[][]> _bodies = [];
        private byte[][] _body = [];
        private int _served;

        public int Total
        {
            set
            {
                if (!_bodies.TryGetValue(value, out var bodies))
                {
                    _bodies[value] = bodies = [.. PageItems.Select(items =>
                        Canned.Envelope($$"""{"list":[{{items}}],"total":{{value}},"page":0,"size":{{Pager.MaxPageSize}}}"""))];
                }
                _body = bodies;
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.RequestUri!.AbsolutePath.EndsWith("/card/list", StringComparison.Ordinal)) return base.SendAsync(request, cancellationToken);
            var content = new ByteArrayContent(_body[_served++ % _body.Length]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }

        private static string Items(char series) => string.Join(",", Enumerable.Range(0, Pager.MaxPageSize).Select(i =>
            $$"""{"card_no":"C2026052200{{series}}{{i:00}}","card_unique_no":"merchant-card-{{series}}{{i:00}}","cardholder_no":"CH202605220001","card_type":"Virtual","card_last_no":"12{{i:00}}","organization":"VISA","status":"Activated","time":"2026-05-22 08:00:00"}"""));
    }
}
