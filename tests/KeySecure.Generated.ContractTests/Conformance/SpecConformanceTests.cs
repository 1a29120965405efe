using System.Reflection;
using KeySecure.Generated.ContractTests.KeySecure;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Conformance;

/// <summary>Every operationId of both specs has at least one contract test ([Trait("Operation", id)] on a test method).</summary>
public sealed class SpecConformanceTests
{
    [Fact]
    public void Both_specs_list_the_expected_number_of_operations()
    {
        Assert.Equal(25, WireSpec.KeySecure.Operations.Count);
        Assert.Single(WireSpec.WorldFirst.Operations);
    }

    [Fact]
    public void Every_spec_operation_has_a_contract_test()
    {
        var tested = TestedOperations();
        var missing = WireSpec.KeySecure.Operations.Concat(WireSpec.WorldFirst.Operations)
            .Select(o => o.OperationId)
            .Where(id => !tested.Contains(id))
            .ToList();

        Assert.True(missing.Count == 0, "Operations without a contract test: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_operation_trait_names_a_spec_operation()
    {
        var known = WireSpec.KeySecure.Operations.Concat(WireSpec.WorldFirst.Operations).Select(o => o.OperationId).ToHashSet();
        var unknown = TestedOperations().Where(id => !known.Contains(id)).ToList();

        Assert.True(unknown.Count == 0, "Traits naming no spec operation: " + string.Join(", ", unknown));
    }

    /// <summary>The Operation trait values on test methods ([Fact]/[Theory]) of this assembly.</summary>
    private static HashSet<string> TestedOperations() =>
        typeof(SpecConformanceTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .SelectMany(m => m.GetCustomAttributes<TraitAttribute>())
            .Where(t => t.Name == KeySecureContractTest.OperationTrait)
            .Select(t => t.Value)
            .ToHashSet(StringComparer.Ordinal);
}
