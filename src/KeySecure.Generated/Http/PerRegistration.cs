using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace KeySecure.Generated.Http;

/// <summary>
/// One <typeparamref name="T"/> per registration name, created on first use and kept (then disposed) with the
/// container: what a provider registration holds for the life of the process.
/// </summary>
// Lazy<T> carries a trimming annotation for its parameterless constructor; the SDK always passes a factory, so the
// annotation only keeps a member that is never called.
internal sealed class PerRegistration<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(Func<string, T> create) : IDisposable where T : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<T>> _items = new(StringComparer.Ordinal);

    public T Get(string name) => _items.GetOrAdd(name, n => new Lazy<T>(() => create(n))).Value;

    public void Dispose()
    {
        foreach (var item in _items.Values)
        {
            if (item.IsValueCreated) item.Value.Dispose();
        }
    }
}
