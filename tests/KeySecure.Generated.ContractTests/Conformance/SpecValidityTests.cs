using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Conformance;

/// <summary>
/// Both specs read without errors by Microsoft.OpenApi (its reader and default validation rules), a parser independent
/// of the NSwag that generates the clients; the lint in .ci/run is extra.
/// </summary>
public sealed class SpecValidityTests
{
    [Theory]
    [InlineData("keysecure.yaml")]
    [InlineData("worldfirst.yaml")]
    public void The_spec_reads_without_errors(string file)
    {
        var spec = WireSpec.Load(RepoPaths.OpenApi(file)); // throws, listing every error

        Assert.NotEmpty(spec.Operations);
        foreach (var warning in spec.Warnings) TestContext.Current.SendDiagnosticMessage($"{file}: {warning}");
    }

    [Fact]
    public void A_spec_with_an_error_does_not_load()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ks-spec-").FullName, "broken.yaml");
        File.WriteAllText(file, """
            openapi: 3.0.3
            paths:
              /card/{cardNo}:
                get:
                  operationId: GetCard
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: "#/components/schemas/Missing"
            """);

        var error = Assert.Throws<InvalidOperationException>(() => WireSpec.Load(file));

        Assert.Contains("broken.yaml is not valid OpenAPI", error.Message);
        Assert.Contains("info", error.Message);
    }
}
