using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

public class RegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("short-secret", "ApiSecret must be 16, 24 or 32 bytes")]
    [InlineData("", "ApiSecret is required")]
    public void A_bad_secret_is_a_start_up_error_naming_the_setting(string secret, string expected)
    {
        var services = new ServiceCollection();
        services.AddKeySecure(o => { o.ApiKey = "k"; o.ApiSecret = secret; });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICardsClient>());

        Assert.Contains(expected, error.Message);
        if (secret.Length > 0) Assert.DoesNotContain(secret, error.Message);
    }

    [Fact]
    public void A_missing_api_key_and_a_bad_language_are_both_named()
    {
        var services = new ServiceCollection();
        services.AddKeySecure(o => { o.ApiSecret = "0123456789abcdef"; o.Language = "fr_FR"; });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IKeySecureClientFactory>().Create());

        Assert.Contains("KeySecure:ApiKey is required", error.Message);
        Assert.Contains("KeySecure:Language", error.Message);
    }

    [Fact]
    public async Task Configuration_section_binding_works()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KeySecure:BaseAddress"] = "https://openplatform.keysecure.io",
            ["KeySecure:ApiKey"] = "ak-config",
            ["KeySecure:ApiSecret"] = "0123456789abcdef0123456789abcdef",
            ["KeySecure:Resilience:Retry:Delay"] = "00:00:00",
        }).Build();
        var fake = new FakeProvider(KeySecureHarness.WithToken((_, _) => Envelope("""{"card_no":"C1"}""")));
        var services = new ServiceCollection();
        services.AddKeySecure(configuration.GetSection("KeySecure")).ConfigurePrimaryHttpMessageHandler(() => fake);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ICardsClient>().GetCardDetailAsync("C1", Ct);

        Assert.All(fake.Requests, r => Assert.Equal("ak-config", r.Header("Api-Key")));
    }

    [Fact]
    public async Task Named_merchants_have_their_own_credentials_tokens_and_hosts()
    {
        var fakeA = new FakeProvider((r, n) => r.Path.EndsWith("/merchant/token") ? Token("tok-A", KeySecureHarness.Start.AddDays(1)) : Envelope("""{"card_no":"A"}"""));
        var fakeB = new FakeProvider((r, n) => r.Path.EndsWith("/merchant/token") ? Token("tok-B", KeySecureHarness.Start.AddDays(1)) : Envelope("""{"card_no":"B"}"""));
        var services = new ServiceCollection();
        services.AddKeySecure("merchant-a", o => { o.ApiKey = "key-A"; o.ApiSecret = "0123456789abcdef"; }).ConfigurePrimaryHttpMessageHandler(() => fakeA);
        services.AddKeySecure("merchant-b", o => { o.ApiKey = "key-B"; o.ApiSecret = "fedcba9876543210"; o.BaseAddress = KeySecureOptions.ProductionBaseAddress; })
            .ConfigurePrimaryHttpMessageHandler(() => fakeB);
        using var provider = services.BuildServiceProvider();

        // A named merchant's clients are keyed services, as a named WorldFirst account's are.
        var a = await provider.GetRequiredKeyedService<ICardsClient>("merchant-a").GetCardDetailAsync("X", Ct);
        var b = await provider.GetRequiredKeyedService<ICardsClient>("merchant-b").GetCardDetailAsync("X", Ct);

        Assert.Equal(("A", "B"), (a.CardNo, b.CardNo));
        Assert.All(fakeA.Requests, r => Assert.Equal("key-A", r.Header("Api-Key")));
        Assert.All(fakeB.Requests, r => Assert.Equal("key-B", r.Header("Api-Key")));
        Assert.Equal("tok-A", fakeA.Requests[^1].Header("Access-Token"));
        Assert.Equal("tok-B", fakeB.Requests[^1].Header("Access-Token"));
        Assert.Null(provider.GetKeyedService<ICardsClient>("merchant-c"));
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICardsClient>());
    }

    [Fact]
    public async Task A_distributed_cache_shares_one_token_between_two_service_instances()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        // MemoryDistributedCache expires entries by the real clock, so this test lives in real time.
        var now = DateTimeOffset.UtcNow;
        var fake = new FakeProvider((request, n) => request.Path.EndsWith("/merchant/token")
            ? Token("tok-" + n, now.AddHours(24))
            : Envelope("""{"card_no":"C1"}"""));
        ServiceProvider Instance()
        {
            var services = new ServiceCollection();
            services.AddSingleton<IDistributedCache>(cache);
            services.AddSingleton<IKeySecureTokenStore, DistributedCacheTokenStore>();
            services.AddSingleton<TimeProvider>(new TestClock(now));
            services.AddKeySecure(o => { o.ApiKey = "k"; o.ApiSecret = "0123456789abcdef"; }).ConfigurePrimaryHttpMessageHandler(() => fake);
            return services.BuildServiceProvider();
        }
        using var first = Instance();
        using var second = Instance();

        await first.GetRequiredService<ICardsClient>().GetCardDetailAsync("C1", Ct);
        await second.GetRequiredService<ICardsClient>().GetCardDetailAsync("C1", Ct);

        Assert.Equal(1, fake.CountFor("/merchant/token"));
        Assert.Equal(fake.Requests[1].Header("Access-Token"), fake.Requests[2].Header("Access-Token"));
    }

    [Theory]
    [InlineData("https://sandbox-openplatform.keysecure.io", "https://sandbox-openplatform.keysecure.io/open-api/v1/")]
    [InlineData("https://sandbox-openplatform.keysecure.io/", "https://sandbox-openplatform.keysecure.io/open-api/v1/")]
    [InlineData("http://127.0.0.1:8080/open-api/v1", "http://127.0.0.1:8080/open-api/v1/")]
    [InlineData("https://proxy.example/keysecure/", "https://proxy.example/keysecure/open-api/v1/")]
    public void The_api_root_is_appended_once(string configured, string expected) =>
        Assert.Equal(expected, KeySecureServiceCollectionExtensions.ApiRoot(new Uri(configured)).ToString());

    [Fact]
    public async Task List_operations_page_through_all_items_as_async_enumerables()
    {
        var fake = KeySecureHarness.WithToken((request, _) =>
        {
            var page = System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("page").GetInt32();
            var items = page switch
            {
                0 => """[{"card_no":"a"},{"card_no":"b"}]""",
                1 => """[{"card_no":"c"},{"card_no":"d"}]""",
                _ => """[{"card_no":"e"}]""",
            };
            return Envelope($$"""{"list":{{items}},"total":5,"page":{{page}},"size":2}""");
        });
        using var harness = new KeySecureHarness(fake);

        var cards = new List<string?>();
        await foreach (var card in harness.Cards.ListAllCardsAsync(new ListCardsRequest { Size = 2 }, Ct))
        {
            cards.Add(card.CardNo);
        }

        Assert.Equal(["a", "b", "c", "d", "e"], cards);
        Assert.Equal(3, harness.Provider.CountFor("/card/list"));
    }
}
