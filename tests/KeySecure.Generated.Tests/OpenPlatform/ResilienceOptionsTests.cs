using System.Net;
using System.Net.Http.Headers;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// <c>KeySecure:Resilience</c> is Microsoft.Extensions.Http.Resilience's own <c>HttpStandardResilienceOptions</c>: bound
/// and validated by the library, with the SDK's rules in the predicates only.
/// </summary>
public class ResilienceOptionsTests
{
    private const string Detail = """{"card_no":"C1","status":"Activated","card_type":"Virtual"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpResponseMessage Unavailable() => new(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") };

    private static ServiceProvider Build(FakeProvider fake, Dictionary<string, string?> settings)
    {
        settings["KeySecure:ApiKey"] = KeySecureHarness.ApiKey;
        settings["KeySecure:ApiSecret"] = KeySecureHarness.ApiSecret;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddKeySecure(configuration.GetSection("KeySecure")).ConfigurePrimaryHttpMessageHandler(() => fake);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_library_settings_bind_from_configuration()
    {
        var fake = new FakeProvider(KeySecureHarness.WithToken((_, _) => Unavailable()));
        using var provider = Build(fake, new()
        {
            ["KeySecure:Resilience:Retry:MaxRetryAttempts"] = "1",
            ["KeySecure:Resilience:Retry:Delay"] = "00:00:00",
        });

        await Assert.ThrowsAsync<ProviderResponseException>(() => provider.GetRequiredService<ICardsClient>().GetCardDetailAsync("C1", Ct));

        // The original attempt and exactly one retry: the library's default of 3 was replaced by the configured 1.
        Assert.Equal(2, fake.CountFor("/detail"));
    }

    [Fact]
    public void Settings_the_library_refuses_fail_at_start_up_through_its_own_validation()
    {
        using var provider = Build(new FakeProvider(KeySecureHarness.WithToken((_, _) => Envelope(Detail))), new()
        {
            ["KeySecure:Resilience:AttemptTimeout:Timeout"] = "00:01:00",
            ["KeySecure:Resilience:TotalRequestTimeout:Timeout"] = "00:00:30",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("attempt", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("total", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_predicate_of_the_merchants_own_can_switch_retries_off()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Unavailable()),
            o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(1, harness.Provider.CountFor("/detail"));
    }

    [Fact]
    public async Task A_predicate_of_the_merchants_own_cannot_make_a_write_go_twice()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Unavailable()),
            o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(true));
        var apply = new ApplyCardRequest { CardholderNo = "U1", CardUniqueNo = "u-1", CardBinNo = "B1", CardType = CardType.Virtual };

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.ApplyCardAsync(apply, Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Equal(1, harness.Provider.CountFor("/card/apply"));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_Retry_MaxDelay_fails_the_call_at_once()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
        {
            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("") };
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(20));
            return limited;
        }), o => o.Resilience.Retry.MaxDelay = TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Cards.GetCardDetailAsync("C1", Ct));

        Assert.Equal(TimeSpan.FromSeconds(20), error.RetryAfter);
        Assert.Equal(1, harness.Provider.CountFor("/detail"));
    }
}
