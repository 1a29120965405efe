using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>One <see cref="WorldFirstAccount"/> per registered name, created on first use and kept for the container's life.</summary>
internal sealed class WorldFirstAccountRegistry(IOptionsMonitor<WorldFirstOptions> options, IServiceProvider services) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<WorldFirstAccount>> _accounts = new(StringComparer.Ordinal);

    public WorldFirstAccount Get(string name) =>
        _accounts.GetOrAdd(name, n => new Lazy<WorldFirstAccount>(() => new WorldFirstAccount(n, options.Get(n), services))).Value;

    public void Dispose()
    {
        foreach (var account in _accounts.Values)
        {
            if (account.IsValueCreated) account.Value.Dispose();
        }
    }
}
