using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Generation;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.Logging;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// Paging never drops an item: with a <c>total</c> the walk goes on past short pages (a provider may serve fewer items
/// than asked for), an empty or repeated page ends it with a warning, and the caller's filter is never modified.
/// </summary>
public sealed class PagingTests
{
    private const int Total = 237;
    private const int Cap = 50;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every list: its path, the id field of its items, a fresh filter of that list, and a walk of it.</summary>
    private static ListUnderTest Under(string list) => list switch
    {
        "cardholders" => new("/cardholder/list", new ListCardholdersRequest { Size = 100, CardholderUniqueNo = "holder-7" },
            (h, f, l) => h.Get<ICardholdersClient>().ListAllCardholdersAsync((ListCardholdersRequest)f, Ct, l).Select(i => i.CardholderNo)),
        "cards" => new("/card/list", new ListCardsRequest { Size = 100, CardholderNo = "U1" },
            (h, f, l) => h.Cards.ListAllCardsAsync((ListCardsRequest)f, Ct, l).Select(i => i.CardNo)),
        "consumptions" => new("/card/consume/list", new ListConsumptionsRequest { Size = 100, CardNo = "C1" },
            (h, f, l) => h.Get<IConsumptionsClient>().ListAllConsumptionsAsync((ListConsumptionsRequest)f, Ct, l).Select(i => i.ConsumeNo)),
        "transfers" => new("/account/transfer/list", new ListTransfersRequest { Size = 100, CardholderNo = "U1" },
            (h, f, l) => h.Get<IAccountsClient>().ListAllTransfersAsync((ListTransfersRequest)f, Ct, l).Select(i => i.TransferNo)),
        "packages" => new("/card/package/list", new ListCardPackagesRequest { Size = 100 },
            (h, f, l) => h.Cards.ListAllCardPackagesAsync((ListCardPackagesRequest)f, Ct, l).Select(i => i.PackageNo)),
        "bins" => new("/card/support/bins", new ListSupportedBinsRequest { Size = 100 },
            (h, f, l) => h.Cards.ListAllSupportedBinsAsync((ListSupportedBinsRequest)f, Ct, l).Select(i => i.CardBinNo)),
        _ => throw new ArgumentOutOfRangeException(nameof(list)),
    };

    /// <summary>The id field of every list's items: each served item carries them all, so one provider serves any list.</summary>
    private static readonly string[] IdFields = ["cardholder_no", "card_no", "consume_no", "transfer_no", "package_no", "card_bin_no"];

    public static TheoryData<string> ListNames => new("cardholders", "cards", "consumptions", "transfers", "packages", "bins");

    [Theory]
    [MemberData(nameof(ListNames))]
    public async Task A_provider_that_serves_50_per_page_still_yields_all_237_and_the_filter_is_unchanged(string list)
    {
        var under = Under(list);
        using var harness = Harness(under, Paged(serves: Cap, of: Total, withTotal: true));
        var before = Json(under.Filter);

        var ids = await under.Walk(harness, under.Filter, null).ToListAsync(Ct);

        Assert.Equal(Ids(Total), ids);
        Assert.Equal(5, harness.Provider.CountFor(under.Path)); // 4 pages of 50 and one of 37: the total is reached, no sixth ask
        Assert.Equal(before, Json(under.Filter));
        Assert.All(Asked(harness, under), asked => Assert.Equal(100, asked.Size));
        Assert.Equal([0, 1, 2, 3, 4], Asked(harness, under).Select(asked => asked.Page));
    }

    [Fact]
    public async Task A_filter_reused_for_a_second_walk_starts_where_it_says_again()
    {
        var under = Under("consumptions");
        using var harness = Harness(under, Paged(serves: Cap, of: Total, withTotal: true));

        var first = await under.Walk(harness, under.Filter, null).ToListAsync(Ct);
        var second = await under.Walk(harness, under.Filter, null).ToListAsync(Ct);

        Assert.Equal(Total, first.Count);
        Assert.Equal(first, second);
        Assert.Equal((0, 100), (under.Filter.Page, under.Filter.Size));
    }

    [Fact]
    public async Task Without_a_total_a_page_shorter_than_asked_for_is_the_last()
    {
        var under = Under("cards");
        using var harness = Harness(under, Paged(serves: 100, of: Total, withTotal: false));

        var ids = await under.Walk(harness, under.Filter, null).ToListAsync(Ct);

        Assert.Equal(Ids(Total), ids);
        Assert.Equal(3, harness.Provider.CountFor(under.Path));
    }

    [Fact]
    public async Task An_empty_page_before_the_total_ends_the_walk_with_a_warning()
    {
        var under = Under("transfers");
        // Announces 237 but has only 120.
        using var harness = Harness(under, (page, size) => Page(Served(page, Math.Min(size, Cap), of: 120), total: Total));

        var ids = await under.Walk(harness, under.Filter, Logger(harness)).ToListAsync(Ct);

        Assert.Equal(Ids(120), ids);
        Assert.Equal(4, harness.Provider.CountFor(under.Path));
        Assert.Contains(harness.Logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains("which was empty, after 120 of the 237", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_provider_that_ignores_the_page_is_walked_once_and_warned_about(bool withTotal)
    {
        var under = Under("cards");
        using var harness = Harness(under, (_, size) => Page(Served(0, Math.Min(size, Cap), of: Total), withTotal ? Total : null));

        var ids = await under.Walk(harness, new ListCardsRequest { Size = Cap }, Logger(harness)).ToListAsync(Ct);

        Assert.Equal(Ids(Cap), ids);
        Assert.Equal(2, harness.Provider.CountFor(under.Path));
        Assert.Contains(harness.Logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains("repeat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_walk_that_reaches_the_total_logs_nothing()
    {
        var under = Under("bins");
        using var harness = Harness(under, Paged(serves: Cap, of: Total, withTotal: true));

        await under.Walk(harness, under.Filter, Logger(harness)).ToListAsync(Ct);

        Assert.DoesNotContain(harness.Logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void The_page_size_cap_is_stated_for_cardholders_only_and_flagged_as_a_guess_on_every_other_list()
    {
        var document = OpenApiDocument.KeySecure;
        var lists = new[] { "ListCardholders", "ListCards", "ListConsumptions", "ListTransfers", "ListCardPackages", "ListSupportedBins" };

        foreach (var operationId in lists)
        {
            var schema = (YamlDotNet.RepresentationModel.YamlMappingNode)document.Resolve(document.RequestSchema(OpenApiDocument.Find("keysecure.yaml", operationId)))!;
            var assumed = OpenApiDocument.Scalar(schema, "x-keysecure-assumed") ?? string.Empty;
            var maximum = OpenApiDocument.Scalar(document.SchemaProperties(schema)["size"], "maximum");

            Assert.Equal(Pager.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), maximum);
            if (operationId == "ListCardholders") Assert.DoesNotContain("size limit", assumed);
            else Assert.True(assumed.Contains("size limit (100)", StringComparison.Ordinal), $"{operationId}'s request does not flag the 100-item cap as assumed: '{assumed}'");
        }
    }

    private sealed record ListUnderTest(string Path, IPagedRequest Filter, Func<KeySecureHarness, IPagedRequest, ILogger?, IAsyncEnumerable<string?>> Walk);

    private static KeySecureHarness Harness(ListUnderTest under, Func<int, int, HttpResponseMessage> page) =>
        new(KeySecureHarness.WithToken((request, _) =>
        {
            var asked = JsonNode.Parse(request.Body)!;
            return page((int)asked["page"]!, (int)asked["size"]!);
        }));

    // A provider that serves at most `serves` items per page, paging by what it serves (page n starts at n × served).
    private static Func<int, int, HttpResponseMessage> Paged(int serves, int of, bool withTotal) => (page, size) =>
        Page(Served(page, Math.Min(size, serves), of), withTotal ? of : null);

    private static IEnumerable<int> Served(int page, int served, int of) =>
        Enumerable.Range(page * served, Math.Max(0, Math.Min(served, of - page * served)));

    private static HttpResponseMessage Page(IEnumerable<int> items, int? total)
    {
        var list = new JsonArray([.. items.Select(i => new JsonObject(IdFields.Select(f => KeyValuePair.Create(f, (JsonNode?)Id(i)))))]);
        var data = new JsonObject { ["list"] = list };
        if (total is { } t) data["total"] = t;
        return Envelope(data.ToJsonString());
    }

    private static IEnumerable<string> Ids(int count) => Enumerable.Range(0, count).Select(Id);

    private static string Id(int i) => $"id-{i:D4}";

    private static List<(int Page, int Size)> Asked(KeySecureHarness harness, ListUnderTest under) =>
        harness.Provider.Requests.Where(r => r.Path.EndsWith(under.Path, StringComparison.Ordinal))
            .Select(r => JsonNode.Parse(r.Body)!).Select(b => ((int)b["page"]!, (int)b["size"]!)).ToList();

    private static ILogger Logger(KeySecureHarness harness) => harness.Logs.CreateLogger("paging");

    private static string Json(IPagedRequest filter) => JsonSerializer.Serialize(filter, JsonDefaults.Options.GetTypeInfo(filter.GetType()));
}
