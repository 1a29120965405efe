using System.Collections.Concurrent;
using KeySecure.Generated.OpenPlatform.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>One <see cref="MerchantContext"/> per registered name, created on first use and kept for the container's life.</summary>
internal sealed class MerchantContextRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<MerchantContext>> _contexts = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<KeySecureOptions> _options;
    private readonly TimeProvider _time;
    private readonly IKeySecureTokenStore _store;
    private readonly IHttpClientFactory _httpClients;
    private readonly ILogger _tokenLogger;

    public MerchantContextRegistry(IOptionsMonitor<KeySecureOptions> options, TimeProvider time, IKeySecureTokenStore store, IHttpClientFactory httpClients, ILoggerFactory loggers)
    {
        _options = options;
        _time = time;
        // A store's failure degrades to per-process tokens with a warning; it never fails a call.
        _store = new DegradingTokenStore(store, loggers.CreateLogger("KeySecure.Generated.OpenPlatform.TokenStore"));
        _tokenLogger = loggers.CreateLogger("KeySecure.Generated.OpenPlatform.Token");
        _httpClients = httpClients;
    }

    public MerchantContext Get(string name) =>
        _contexts.GetOrAdd(name, n => new Lazy<MerchantContext>(() => new MerchantContext(
            n,
            _options.Get(n),
            _time,
            _store,
            () => _httpClients.CreateClient(KeySecureRegistrations.HttpClientName(n)),
            _tokenLogger))).Value;

    public void Dispose()
    {
        foreach (var context in _contexts.Values)
        {
            if (context.IsValueCreated) context.Value.Dispose();
        }
    }
}
