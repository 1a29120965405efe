using System.Collections.Concurrent;

namespace KeySecure.Generated.Http;

/// <summary>
/// Every generated operation's <see cref="OperationMetadata"/>, keyed by its Refit interface and method name. The
/// generated code fills it from module initializers (one per interface), so it is complete before any request exists.
/// </summary>
internal static class OperationCatalog
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, OperationMetadata>> Interfaces = new();

    /// <summary>Called by the generated code: the operations of one interface.</summary>
    public static void Register(Type interfaceType, OperationMetadata[] operations) =>
        Interfaces[interfaceType] = operations.ToDictionary(o => o.MethodName, StringComparer.Ordinal);

    /// <summary>The interfaces and their operations, for tests and diagnostics.</summary>
    public static IEnumerable<(Type Interface, OperationMetadata Operation)> All =>
        Interfaces.SelectMany(i => i.Value.Values.Select(o => (i.Key, o)));

    public static OperationMetadata? Find(Type interfaceType, string methodName) =>
        Interfaces.TryGetValue(interfaceType, out var operations) && operations.TryGetValue(methodName, out var operation)
            ? operation
            : null;
}
