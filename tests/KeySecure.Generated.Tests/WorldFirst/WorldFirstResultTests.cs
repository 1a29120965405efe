using System.Net;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.WorldFirst;
using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstResultTests
{
    [Fact]
    public async Task F_result_throws_api_exception_with_catalog_advice()
    {
        using var host = new WorldFirstTestHost((request, _) =>
            WorldFirstResponses.Signed(request, WorldFirstResponses.Result("F", "INVALID_SIGNATURE", "The signature is invalid.")));

        var ex = await Assert.ThrowsAsync<WorldFirstApiException>(() => host.QueryAsync());

        Assert.Equal("INVALID_SIGNATURE", ex.ResultCode);
        Assert.Equal("The signature is invalid.", ex.ResultMessage);
        Assert.Equal("Confirm that the request is signed correctly.", ex.Advice);
        Assert.True(ex.IsDocumented);
        Assert.True(ex.IsSignatureVerified);
        Assert.False(ex.IsTransient);
        Assert.Contains("INVALID_SIGNATURE", ex.Message);
    }

    [Fact]
    public async Task F_result_with_an_undocumented_code_gets_generic_advice()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("F", "BRAND_NEW_CODE")));

        var ex = await Assert.ThrowsAsync<WorldFirstApiException>(() => host.QueryAsync());

        Assert.Equal("BRAND_NEW_CODE", ex.ResultCode);
        Assert.Equal(WorldFirstResultCodes.GenericAdvice, ex.Advice);
        Assert.False(ex.IsDocumented);
    }

    [Fact]
    public async Task Unsigned_F_result_still_surfaces_its_code_in_required_mode()
    {
        using var host = new WorldFirstTestHost((_, _) => WorldFirstResponses.Unsigned(WorldFirstResponses.Result("F", "INVALID_CLIENT")));

        var ex = await Assert.ThrowsAsync<WorldFirstApiException>(() => host.QueryAsync());

        Assert.Equal("INVALID_CLIENT", ex.ResultCode);
        Assert.False(ex.IsSignatureVerified);
    }

    [Fact]
    public async Task U_result_throws_transient_unknown_exception_with_the_provider_schedule()
    {
        using var host = new WorldFirstTestHost((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Result("U", "UNKNOWN_EXCEPTION")));

        var ex = await Assert.ThrowsAsync<WorldFirstUnknownResultException>(() => host.QueryAsync());

        Assert.Equal("UNKNOWN_EXCEPTION", ex.ResultCode);
        Assert.True(ex.IsTransient);
        Assert.True(ex.IsSignatureVerified);
        Assert.Equal(new[] { 5, 10, 20, 40, 80, 160, 320 }.Select(m => TimeSpan.FromMinutes(m)), ex.RetrySchedule);
    }

    [Fact]
    public async Task Http_error_status_throws_provider_response_exception()
    {
        using var host = new WorldFirstTestHost((_, _) =>
        {
            var response = WorldFirstResponses.Unsigned("<html>502 Bad Gateway</html>", HttpStatusCode.BadGateway, "text/html");
            response.Headers.TryAddWithoutValidation("Retry-After", "7");
            return response;
        });

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => host.QueryAsync());

        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.True(ex.IsTransient);
        Assert.Equal("QueryCardSensitiveInfo", ex.OperationId);
    }

    [Fact]
    public async Task A_retry_after_given_as_an_http_date_is_the_time_left_until_then()
    {
        using var host = new WorldFirstTestHost((_, _) =>
        {
            var response = WorldFirstResponses.Unsigned("<html>503</html>", HttpStatusCode.ServiceUnavailable, "text/html");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(WorldFirstTestHost.Now.AddSeconds(90));
            return response;
        });

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => host.QueryAsync());

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(90), ex.RetryAfter);
    }

    // Non-JSON bodies fail the same way signed or not; JSON without an F/U result must be signed to get this far.
    [Theory]
    [InlineData("<html>maintenance</html>", false)]
    [InlineData("<html>maintenance</html>", true)]
    [InlineData("{\"result\":", false)]
    [InlineData("", false)]
    [InlineData("{\"assetId\":\"A\"}", true)]
    [InlineData("{\"result\":{\"resultStatus\":\"Z\"}}", true)]
    public async Task Unusable_success_bodies_throw_provider_response_exception(string body, bool signed)
    {
        using var host = new WorldFirstTestHost((request, _) => signed ? WorldFirstResponses.Signed(request, body) : WorldFirstResponses.Unsigned(body));

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => host.QueryAsync());
        Assert.Equal(200, ex.StatusCode);
    }

    [Fact]
    public void Catalog_matches_the_spec_extension()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(SpecPath())) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;

        var codes = (YamlMappingNode)root["x-worldfirst-result-codes"];
        Assert.Equal(codes.Children.Count, WorldFirstResultCodes.All.Count);
        foreach (var (key, value) in codes.Children)
        {
            var code = ((YamlScalarNode)key).Value!;
            var entry = (YamlMappingNode)value;
            Assert.True(WorldFirstResultCodes.All.TryGetValue(code, out var known), code);
            Assert.Equal(((YamlScalarNode)entry["status"]).Value, known.Status);
            Assert.Equal(((YamlScalarNode)entry["kind"]).Value, known.Kind);
            Assert.Equal(((YamlScalarNode)entry["message"]).Value, known.Message);
            Assert.Equal(((YamlScalarNode)entry["advice"]).Value, known.Advice);
        }

        var minutes = ((YamlSequenceNode)root["x-worldfirst-unknown-retry-minutes"]).Select(n => int.Parse(((YamlScalarNode)n).Value!));
        Assert.Equal(minutes.Select(m => TimeSpan.FromMinutes(m)), WorldFirstResultCodes.UnknownRetrySchedule);
    }

    private static string SpecPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "openapi", "worldfirst.yaml");
            if (File.Exists(candidate)) return candidate;
        }

        // Built with an ArtifactsPath outside the repo: fall back to the source tree this file lives in.
        return Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", "..", "openapi", "worldfirst.yaml"));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
