using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Oracle;

/// <summary>Every operation's 200 response carries an example of what goes over the wire, valid against its own schema.</summary>
public sealed class SpecExampleTests
{
    public static TheoryData<string, string> Operations =>
        new(WireSpec.KeySecure.Operations.Select(o => (ExampleStubs.KeySecure, o.OperationId))
            .Concat(WireSpec.WorldFirst.Operations.Select(o => (ExampleStubs.WorldFirst, o.OperationId))));

    [Theory]
    [MemberData(nameof(Operations))]
    public void The_example_of_the_answer_meets_its_schema(string set, string operationId)
    {
        var validator = set == ExampleStubs.KeySecure ? WireContract.KeySecure : WireContract.WorldFirst;
        var operation = validator.Spec.Operation(operationId);

        var example = SpecExamples.SuccessBody(operation); // throws when the 200 response has no example

        Assert.Empty(validator.CheckResponse(operation, new WireResponse(200, example.ToJsonString())));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Every_path_parameter_has_an_example(string set, string operationId)
    {
        var operation = ExampleStubs.Spec(set).Operation(operationId);

        var path = SpecExamples.Path(operation);

        Assert.Matches(operation.PathPattern, path);
        Assert.DoesNotContain("{", path);
    }
}
