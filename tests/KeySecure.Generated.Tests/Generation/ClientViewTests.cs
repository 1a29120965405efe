using KeySecure.Generated.Build.OpenApiViews;
using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>
/// The specs describe the wire (each KeySecure 200 answer is the envelope), while the generated clients return the
/// envelope's <c>data</c> typed: the view the build derives for NSwag (build/OpenApiViews) bridges the two.
/// </summary>
public sealed class ClientViewTests
{
    public static TheoryData<string> KeySecureOperations =>
        new(OpenApiDocument.KeySecure.Operations.Select(o => o.OperationId));

    [Theory]
    [MemberData(nameof(KeySecureOperations))]
    public void The_generated_method_returns_the_data_of_the_wire_envelope(string operationId)
    {
        var operation = OpenApiDocument.Find("keysecure.yaml", operationId);
        var expected = WireDataSchemaName(operation);

        var method = GeneratedSurfaceTests.Sdk.GetType($"{operation.Document.ClientNamespace}.I{operation.Tag}Client")!
            .GetMethod(operationId + "Async")!;

        Assert.True(method.ReturnType.IsGenericType, $"{operationId}Async returns {method.ReturnType}.");
        Assert.Equal(expected, method.ReturnType.GetGenericArguments()[0].Name);
    }

    [Fact]
    public async Task A_200_response_that_is_not_the_envelope_fails_naming_the_operation()
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("ksgen-view-");
        try
        {
            var spec = Path.Combine(temp.FullName, "keysecure.yaml");
            var text = await File.ReadAllTextAsync(RepoPaths.KeySecureSpec, ct);
            // GetCardDetail's 200 describes data alone again, as the specs did before they described the wire.
            var envelope = """
                                oneOf:
                                  - $ref: '#/components/schemas/ProviderError'
                                  - allOf:
                                      - $ref: '#/components/schemas/Success'
                                      - type: object
                                        properties:
                                          data:
                                            $ref: '#/components/schemas/CardDetail'
                """;
            Assert.Contains(envelope, text);
            await File.WriteAllTextAsync(spec, text.Replace(envelope, "                $ref: '#/components/schemas/CardDetail'\n", StringComparison.Ordinal), ct);

            var error = await Assert.ThrowsAsync<SpecConventionException>(() => ClientView.WriteAsync(spec, Path.Combine(temp.FullName, "view.json")));

            Assert.StartsWith("GetCardDetail: the 200 schema is not 'Success' composed by allOf", error.Message);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Read from the spec with YamlDotNet, independently of the tool: the name of the schema of <c>data</c> in the
    /// Success branch of the 200 response (for an encrypted answer, the schema of its plaintext).
    /// </summary>
    private static string WireDataSchemaName(SpecOperation operation)
    {
        var schema = Mapping(operation.Node, "responses", "200", "content", "application/json", "schema");
        var success = ((YamlSequenceNode)schema["oneOf"]).Children.OfType<YamlMappingNode>()
            .Single(branch => branch.Children.ContainsKey("allOf"));
        var data = ((YamlSequenceNode)success["allOf"]).Children.OfType<YamlMappingNode>()
            .Select(part => part.Children.TryGetValue("properties", out var p) && ((YamlMappingNode)p).Children.TryGetValue("data", out var d) ? d : null)
            .OfType<YamlMappingNode>()
            .Single();
        var reference = OpenApiDocument.Scalar(data, "$ref") ?? OpenApiDocument.Scalar(data, "x-keysecure-plaintext-schema");
        Assert.NotNull(reference);
        return reference[(reference.LastIndexOf('/') + 1)..];
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current[key]);
}
