using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// The verifier and replay guard of each webhook registration, by name: one registration per merchant for a platform
/// that receives webhooks for several merchants (<c>AddKeySecureWebhooks("merchant-a", ...)</c>). The unnamed
/// registration is <see cref="Options.DefaultName"/>.
/// </summary>
internal sealed class WebhookRegistrations
{
    internal const string LoggerCategory = "KeySecure.Generated.Webhooks";

    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<IWebhookReplayStore?> _store;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (WebhookVerifier Verifier, Lazy<WebhookReplayGuard> Guard)> _byName = new(StringComparer.Ordinal);

    internal WebhookRegistrations(IOptionsMonitor<WebhookOptions> options, TimeProvider timeProvider, Func<IWebhookReplayStore?> store, ILoggerFactory? loggers)
    {
        _options = options;
        _timeProvider = timeProvider;
        _store = store;
        _logger = loggers?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;
    }

    /// <summary>The verifier of the registration <paramref name="name"/> (validated options; created once).</summary>
    /// <exception cref="OptionsValidationException">That registration's options are missing or unusable.</exception>
    public WebhookVerifier GetVerifier(string name) => Get(name).Verifier;

    /// <summary>
    /// The replay guard of the registration <paramref name="name"/>, over the registered replay store: the Redis one
    /// when <c>AddRedisWebhookReplayStore</c> was called, else the container's <see cref="IDistributedCache"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither a replay store nor an <see cref="IDistributedCache"/> is registered.</exception>
    public WebhookReplayGuard GetReplayGuard(string name) => Get(name).Guard.Value;

    /// <summary>
    /// The store the container provides: a registered <see cref="IWebhookReplayStore"/> (the Redis one), else one over
    /// the <see cref="IDistributedCache"/>, else null.
    /// </summary>
    internal static IWebhookReplayStore? ResolveStore(IServiceProvider services) =>
        services.GetService(typeof(IWebhookReplayStore)) as IWebhookReplayStore
        ?? (services.GetService(typeof(IDistributedCache)) is IDistributedCache cache ? new DistributedCacheReplayStore(cache) : null);

    private (WebhookVerifier Verifier, Lazy<WebhookReplayGuard> Guard) Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetOrAdd(name, static (key, self) =>
        {
            var verifier = new WebhookVerifier(self._options.Get(key), self._timeProvider) { RegistrationName = key, Logger = self._logger };
            var guard = new Lazy<WebhookReplayGuard>(() => new WebhookReplayGuard(
                self._store() ?? throw new InvalidOperationException(
                    "Webhook replay protection needs a store: call services.AddRedisWebhookReplayStore(...) (package KeySecure.Generated.Redis; " +
                    "several instances) or services.AddDistributedMemoryCache() (one instance). The ASP.NET Core add-on registers the in-memory one."),
                verifier.Tolerance));
            return (verifier, guard);
        }, this);
    }
}
