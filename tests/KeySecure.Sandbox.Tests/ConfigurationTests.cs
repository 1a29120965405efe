using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;
using KeySecure.Sandbox.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// <see cref="SandboxServer.Configuration"/> points a merchant's own configuration-bound registration of both providers
/// at the sandbox, so the code that registers the SDK in production is the code under test.
/// </summary>
public sealed class ConfigurationTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sandboxs_configuration_binds_both_providers_registrations_to_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(fixture.Sandbox.Configuration).Build();
        var services = new ServiceCollection();
        services.AddKeySecure(configuration.GetSection("KeySecure"));
        services.AddWorldFirst(configuration.GetSection("WorldFirst"));
        await using var provider = services.BuildServiceProvider();
        var holder = fixture.Sandbox.SeedCardholder();
        var card = fixture.Sandbox.SeedCard(holder);

        var detail = await provider.GetRequiredService<ICardsClient>().GetCardDetailAsync(card, Ct);
        var info = await provider.GetRequiredService<IWorldCardClient>().QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "ASSET-CFG" }, Ct);

        Assert.Equal(card, detail.CardNo);
        Assert.Equal(ResultStatus.S, info.Result.ResultStatus);
        Assert.Equal(fixture.Sandbox.BaseAddress.ToString(), fixture.Sandbox.Configuration["KeySecure:BaseAddress"]);
    }
}
