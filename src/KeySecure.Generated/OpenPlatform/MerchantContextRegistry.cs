using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>One <see cref="MerchantContext"/> per registered name, created on first use and kept for the container's life.</summary>
internal sealed class MerchantContextRegistry : IDisposable
{
    private readonly PerRegistration<MerchantContext> _contexts;

    public MerchantContextRegistry(IOptionsMonitor<KeySecureOptions> options, TimeProvider time, IKeySecureTokenStore store, IHttpClientFactory httpClients, ILoggerFactory loggers)
    {
        // A store's failure degrades to per-process tokens with a warning; it never fails a call.
        var degrading = new DegradingTokenStore(store, loggers.CreateLogger("KeySecure.Generated.OpenPlatform.TokenStore"));
        var tokenLogger = loggers.CreateLogger("KeySecure.Generated.OpenPlatform.Token");
        _contexts = new(name => new MerchantContext(
            name,
            options.Get(name),
            time,
            degrading,
            () => httpClients.CreateClient(KeySecureRegistrations.HttpClientName(name)),
            tokenLogger));
    }

    public MerchantContext Get(string name) => _contexts.Get(name);

    public void Dispose() => _contexts.Dispose();
}
