using System.Runtime.CompilerServices;
using KeySecure.Generated.Webhooks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeySecure.Generated.AspNetCore;

/// <summary>
/// Warns once per application, when the endpoint is mapped, that replay records live in this process's memory while
/// the host runs as Production: there, several instances usually share the webhook URL, and each would handle the same
/// delivery once.
/// </summary>
internal static partial class InMemoryReplayStoreWarning
{
    private static readonly ConditionalWeakTable<IServiceProvider, object> Warned = new();

    public static void LogIfProduction(IServiceProvider services)
    {
        if (services.GetService<IHostEnvironment>() is not { } environment || !environment.IsProduction()) return;
        if (WebhookRegistrations.ResolveStore(services) is not DistributedCacheReplayStore { Cache: MemoryDistributedCache }) return;
        if (!Warned.TryAdd(services, Warned)) return;

        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(KeySecureWebhookEndpoint.LoggerCategory);
        Log(logger);
    }

    [LoggerMessage(11, LogLevel.Warning,
        "KeySecure webhook replay records are kept in this process's memory while the environment is Production: an instance " +
        "cannot see another's records, so several instances sharing the webhook URL may each handle one delivery. Register a " +
        "shared store: services.AddRedisWebhookReplayStore(\"host:6379\") (package KeySecure.Generated.Redis; KEYSECURE_REDIS for the keysecure tool).")]
    private static partial void Log(ILogger logger);
}
