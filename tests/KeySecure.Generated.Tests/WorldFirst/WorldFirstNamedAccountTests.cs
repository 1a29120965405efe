using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>
/// WorldFirst is registered the way KeySecure is: named options, one pipeline per name, and the clients of a named
/// account as keyed services.
/// </summary>
public sealed class WorldFirstNamedAccountTests
{
    private sealed class FixedToken(string token) : IWorldFirstAccessTokenSource
    {
        public ValueTask<string?> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(token);
    }

    private static Action<WorldFirstOptions> Account(string host, string connectedAccount) => options =>
    {
        options.BaseAddress = new Uri($"https://{host}");
        options.ClientId = WorldFirstTestHost.ClientId;
        options.ConnectedAccountId = connectedAccount;
        options.PrivateKeyPem = TestKeys.Merchant.PrivatePem;
        options.WorldFirstPublicKeyPem = TestKeys.WorldFirst.PublicPem;
        options.KeyVersion = 1;
    };

    [Fact]
    public async Task Each_named_account_is_a_keyed_client_with_its_own_settings_host_and_token_source()
    {
        var server = new FakeWorldFirstServer((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1")));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new Support.TestClock(WorldFirstTestHost.Now, WorldFirstTestHost.UtcPlus8));
        services.AddWorldFirst("account-a", Account("a.worldfirst.test", "CONNECTED-A")).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddWorldFirst("account-b", Account("b.worldfirst.test", "CONNECTED-B")).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddKeyedSingleton<IWorldFirstAccessTokenSource>("account-b", new FixedToken("token-of-b"));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var request = new QueryCardSensitiveInfoRequest { AssetId = "ASSET-1" };

        await provider.GetRequiredKeyedService<IWorldCardClient>("account-a").QueryCardSensitiveInfoAsync(request, TestContext.Current.CancellationToken);
        await provider.GetRequiredKeyedService<IWorldCardClient>("account-b").QueryCardSensitiveInfoAsync(request, TestContext.Current.CancellationToken);

        var sent = server.Requests.ToList();
        Assert.Equal(["a.worldfirst.test", "b.worldfirst.test"], sent.Select(r => r.Uri.Host));
        Assert.Equal(["CONNECTED-A", "CONNECTED-B"], sent.Select(r => r.Header("Connected-AccountId")));
        Assert.False(sent[0].Headers.ContainsKey("Access-Token"));
        Assert.Equal("token-of-b", sent[1].Header("Access-Token"));
        // No default account was registered, so nothing answers to the plain interface.
        Assert.Null(provider.GetService<IWorldCardClient>());
    }

    [Fact]
    public void A_named_accounts_invalid_setting_is_named_with_the_account()
    {
        var services = new ServiceCollection();
        services.AddWorldFirst("account-b", options =>
        {
            Account("b.worldfirst.test", "CONNECTED-B")(options);
            options.ClientId = " ";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("WorldFirst[account-b]:ClientId is required", error.Message);
    }
}
