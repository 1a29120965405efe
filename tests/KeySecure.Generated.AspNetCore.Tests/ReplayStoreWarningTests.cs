using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KeySecure.Generated.AspNetCore.Tests;

/// <summary>The start-up warning when replay records stay in one process's memory while the host runs as Production.</summary>
public sealed class ReplayStoreWarningTests
{
    private const string Warning = "replay records are kept in this process's memory while the environment is Production";

    [Fact]
    public async Task The_in_memory_default_in_Production_is_warned_about_once_when_mapped()
    {
        await using var app = await WebhookApp.StartAsync<ProbeHandler>(
            environment: Environments.Production,
            services: s => s.AddKeySecureWebhooks("merchant-b", o => { o.AppId = "AK_b"; o.Secret = WebhookApp.Secret; }),
            map: web => web.MapKeySecureWebhooks("/webhooks/keysecure/merchant-b", "merchant-b"));

        var warning = Assert.Single(app.Logs.Entries, line => line.Contains(Warning, StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("AddRedisWebhookReplayStore", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_is_not_warned_about()
    {
        await using var app = await WebhookApp.StartAsync<ProbeHandler>(environment: Environments.Development);

        Assert.DoesNotContain(Warning, app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_cache_in_Production_is_not_warned_about()
    {
        await using var app = await WebhookApp.StartAsync<ProbeHandler>(
            environment: Environments.Production,
            services: s => s.AddSingleton<IDistributedCache>(new SharedCacheStandIn()));

        Assert.DoesNotContain(Warning, app.Logs.AllText, StringComparison.Ordinal);
    }

    /// <summary>Any cache other than the in-memory one (a Redis or SQL Server cache); never called by these tests.</summary>
    private sealed class SharedCacheStandIn : IDistributedCache
    {
        public byte[]? Get(string key) => null;

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult<byte[]?>(null);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => Task.CompletedTask;

        public void Refresh(string key)
        {
        }

        public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Remove(string key)
        {
        }

        public Task RemoveAsync(string key, CancellationToken token = default) => Task.CompletedTask;
    }
}
