using Xunit.v3;

namespace KeySecure.Generated.Tests.Support;

/// <summary>
/// Marks a test (or every test of a class) that builds, packs, publishes or starts another process: each takes seconds
/// to minutes and needs more than the test process. It carries the trait <c>Category=Slow</c>, so the fast loop is
/// <c>dotnet test KeySecure.Generated.sln --filter "Category!=Slow"</c>; the full command (and CI) runs them all.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SlowAttribute : Attribute, ITraitAttribute
{
    /// <summary>The trait's name and value, as the test filter spells them.</summary>
    public const string Name = "Category", Value = "Slow";

    public IReadOnlyCollection<KeyValuePair<string, string>> GetTraits() => [new(Name, Value)];
}
