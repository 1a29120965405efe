using System.Text;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>
/// Under OAuth WorldFirst requires <c>Access-Token</c> on every request: from <see cref="WorldFirstOptions.AccessToken"/>
/// or a registered <see cref="IWorldFirstAccessTokenSource"/>, outside the signed text, never logged.
/// </summary>
public sealed class WorldFirstAccessTokenTests
{
    private const string Path = "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo";

    [Fact]
    public async Task The_configured_token_is_sent_on_every_request_and_the_signature_still_covers_the_documented_text()
    {
        using var host = Host(options => options.AccessToken = "oauth-static-token");

        await host.QueryAsync("ASSET-1");
        await host.QueryAsync("ASSET-1");

        Assert.All(host.Server.Requests, sent =>
        {
            Assert.Equal("oauth-static-token", sent.Header("Access-Token"));
            var text = Encoding.UTF8.GetBytes($"POST {Path}\n{WorldFirstTestHost.ClientId}.{sent.Header("Request-Time")}.").Concat(sent.Body).ToArray();
            Assert.True(TestKeys.Merchant.Verify(text, WorldFirstRequestSigningTests.DecodeSignature(sent.Header("Signature"))));
        });
        Assert.Equal(2, host.Server.Requests.Count);
    }

    [Fact]
    public async Task No_token_configured_sends_no_Access_Token_header()
    {
        using var host = Host();

        await host.QueryAsync("ASSET-1");

        Assert.False(Assert.Single(host.Server.Requests).Headers.ContainsKey("Access-Token"));
    }

    [Fact]
    public async Task A_registered_source_replaces_the_option_and_each_request_carries_its_current_token()
    {
        var source = new RotatingSource("oauth-1", "oauth-2", null);
        using var host = Host(options => options.AccessToken = "oauth-static-token", services => services.AddSingleton<IWorldFirstAccessTokenSource>(source));

        await host.QueryAsync("ASSET-1");
        await host.QueryAsync("ASSET-1");
        await host.QueryAsync("ASSET-1");

        var sent = host.Server.Requests.ToList();
        Assert.Equal("oauth-1", sent[0].Header("Access-Token"));
        Assert.Equal("oauth-2", sent[1].Header("Access-Token"));
        Assert.False(sent[2].Headers.ContainsKey("Access-Token"));
    }

    [Fact]
    public async Task A_token_from_a_source_that_cannot_be_a_header_fails_the_call_before_sending_without_repeating_it()
    {
        var source = new RotatingSource("oauth bad\r\nX-Injected: 1");
        using var host = Host(addServices: services => services.AddSingleton<IWorldFirstAccessTokenSource>(source));

        var error = await Assert.ThrowsAsync<KeySecure.Generated.Exceptions.KeySecureValidationException>(() => host.QueryAsync("ASSET-1"));

        Assert.Contains(nameof(IWorldFirstAccessTokenSource), error.Message);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain("oauth bad", error.Message);
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task The_token_never_reaches_the_logs()
    {
        using var host = Host(options => options.AccessToken = "oauth-static-token");

        await host.QueryAsync("ASSET-1");

        var logs = string.Join("\n", host.Logs.Entries);
        Assert.Contains("QueryCardSensitiveInfo", logs);
        Assert.DoesNotContain("oauth-static-token", logs);
    }

    private static WorldFirstTestHost Host(Action<WorldFirstOptions>? configure = null, Action<IServiceCollection>? addServices = null) =>
        new((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1")), configure, addServices);

    /// <summary>Hands out the given tokens in order, one per request; the last one repeats.</summary>
    private sealed class RotatingSource(params string?[] tokens) : IWorldFirstAccessTokenSource
    {
        private int _next;

        public ValueTask<string?> GetAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(tokens[Math.Min(Interlocked.Increment(ref _next) - 1, tokens.Length - 1)]);
    }
}
