using System.Text.Json.Nodes;
using KeySecure.Generated.Build.OpenApiViews;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>
/// The spec as the sandbox carries it (build/OpenApiViews <c>--wire</c>): the YAML as written, in JSON, after the same
/// validity check the client view makes, so what a spec states on purpose survives and a broken spec fails the build.
/// </summary>
public sealed class WireDocumentTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ksgen-wire-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Output => Path.Combine(_temp.FullName, "keysecure.json");

    [Fact]
    public async Task The_json_is_the_yaml_as_written_explicitly_open_objects_extensions_and_typed_examples_included()
    {
        await WireDocument.WriteAsync(RepoPaths.KeySecureSpec, Output);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Output, Ct))!;
        var schemas = json["components"]!["schemas"]!;
        Assert.True((bool)schemas["Consumption"]!["additionalProperties"]!);
        Assert.Equal(64, (int)schemas["TransferFundsRequest"]!["properties"]!["transfer_unique_no"]!["maxLength"]!);
        var transfer = json["paths"]!["/account/transfer"]!["post"]!;
        Assert.Equal("move-money", (string)transfer["x-keysecure-effect"]!);
        Assert.Equal(0, (int)transfer["responses"]!["200"]!["content"]!["application/json"]!["example"]!["code"]!);
    }

    [Fact]
    public async Task A_spec_that_is_not_valid_openapi_fails_and_writes_nothing()
    {
        var spec = Path.Combine(_temp.FullName, "keysecure.yaml");
        var text = await File.ReadAllTextAsync(RepoPaths.KeySecureSpec, Ct);
        await File.WriteAllTextAsync(spec, text.Replace("operationId: GetToken", "operationId: [GetToken]", StringComparison.Ordinal), Ct);

        var error = await Assert.ThrowsAsync<SpecConventionException>(() => WireDocument.WriteAsync(spec, Output));

        Assert.StartsWith("not valid OpenAPI", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
