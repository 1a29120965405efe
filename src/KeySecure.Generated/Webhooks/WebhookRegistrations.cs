using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// The verifier and replay guard of each webhook registration, by name: one registration per merchant for a platform
/// that receives webhooks for several merchants (<c>AddKeySecureWebhooks("merchant-a", ...)</c>). The unnamed
/// registration is <see cref="Options.DefaultName"/>.
/// </summary>
public sealed class WebhookRegistrations
{
    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<IDistributedCache?> _cache;
    private readonly ConcurrentDictionary<string, (WebhookVerifier Verifier, Lazy<WebhookReplayGuard> Guard)> _byName = new(StringComparer.Ordinal);

    internal WebhookRegistrations(IOptionsMonitor<WebhookOptions> options, TimeProvider timeProvider, Func<IDistributedCache?> cache)
    {
        _options = options;
        _timeProvider = timeProvider;
        _cache = cache;
    }

    /// <summary>The verifier of the registration <paramref name="name"/> (validated options; created once).</summary>
    /// <exception cref="OptionsValidationException">That registration's options are missing or unusable.</exception>
    public WebhookVerifier GetVerifier(string name) => Get(name).Verifier;

    /// <summary>The replay guard of the registration <paramref name="name"/>, over the container's <see cref="IDistributedCache"/>.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="IDistributedCache"/> is registered.</exception>
    public WebhookReplayGuard GetReplayGuard(string name) => Get(name).Guard.Value;

    private (WebhookVerifier Verifier, Lazy<WebhookReplayGuard> Guard) Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetOrAdd(name, static (key, self) =>
        {
            var verifier = new WebhookVerifier(self._options.Get(key), self._timeProvider) { RegistrationName = key };
            var guard = new Lazy<WebhookReplayGuard>(() => new WebhookReplayGuard(
                self._cache() ?? throw new InvalidOperationException(
                    "Webhook replay protection needs an IDistributedCache: call services.AddDistributedMemoryCache() (one instance) " +
                    "or register a shared cache such as Redis (several instances). The ASP.NET Core add-on registers the in-memory one."),
                verifier.Tolerance));
            return (verifier, guard);
        }, this);
    }
}
