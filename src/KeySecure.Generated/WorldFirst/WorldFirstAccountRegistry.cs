using KeySecure.Generated.Http;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>One <see cref="WorldFirstAccount"/> per registered name, created on first use and kept for the container's life.</summary>
internal sealed class WorldFirstAccountRegistry(IOptionsMonitor<WorldFirstOptions> options, IServiceProvider services) : IDisposable
{
    private readonly PerRegistration<WorldFirstAccount> _accounts = new(name => new WorldFirstAccount(name, options.Get(name), services));

    public WorldFirstAccount Get(string name) => _accounts.Get(name);

    public void Dispose() => _accounts.Dispose();
}
