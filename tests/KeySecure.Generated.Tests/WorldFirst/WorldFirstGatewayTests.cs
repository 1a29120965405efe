using KeySecure.Generated.Tests.Generation;
using KeySecure.Generated.WorldFirst;
using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>The three documented WorldFirst gateways, chosen by region, with no default.</summary>
public sealed class WorldFirstGatewayTests
{
    [Theory]
    [InlineData(WorldFirstRegion.Singapore, "open-sea.worldfirst.com")]
    [InlineData(WorldFirstRegion.Europe, "open-eu.worldfirst.com")]
    [InlineData(WorldFirstRegion.UnitedStates, "open-na.worldfirst.com")]
    public async Task A_region_sends_to_its_documented_gateway(WorldFirstRegion region, string host)
    {
        using var test = new WorldFirstTestHost(
            (request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1")),
            options =>
            {
                options.BaseAddress = null;
                options.Region = region;
            });

        await test.QueryAsync("ASSET-1");

        var sent = Assert.Single(test.Server.Requests);
        Assert.Equal($"https://{host}/amsin/api/v2/business/worldcard/queryCardSensitiveInfo", sent.Uri.AbsoluteUri);
    }

    [Fact]
    public void No_gateway_is_a_startup_error_naming_the_setting_and_the_choices()
    {
        var ex = WorldFirstOptionsTests.StartupFailure(options => options.BaseAddress = null);

        Assert.Contains("WorldFirst:Region is required", ex.Message);
        Assert.Contains("open-sea.worldfirst.com", ex.Message);
        Assert.Contains("open-eu.worldfirst.com", ex.Message);
        Assert.Contains("open-na.worldfirst.com", ex.Message);
    }

    [Fact]
    public void A_region_and_a_base_address_together_are_refused()
    {
        var ex = WorldFirstOptionsTests.StartupFailure(options => options.Region = WorldFirstRegion.Europe);

        Assert.Contains("WorldFirst:Region and WorldFirst:BaseAddress are both set", ex.Message);
    }

    [Fact]
    public void An_undocumented_region_is_refused()
    {
        var ex = WorldFirstOptionsTests.StartupFailure(options =>
        {
            options.BaseAddress = null;
            options.Region = (WorldFirstRegion)42;
        });

        Assert.Contains("WorldFirst:Region must be Singapore", ex.Message);
    }

    [Fact]
    public void The_spec_lists_exactly_the_three_documented_gateways()
    {
        using var reader = new StreamReader(RepoPaths.WorldFirstSpec);
        var yaml = new YamlStream();
        yaml.Load(reader);
        var servers = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("servers")];
        var urls = servers.Children.Select(server => ((YamlScalarNode)((YamlMappingNode)server).Children[new YamlScalarNode("url")]).Value!);

        Assert.Equal(
            new[] { WorldFirstGateways.Singapore, WorldFirstGateways.Europe, WorldFirstGateways.UnitedStates }.Select(uri => uri.AbsoluteUri.TrimEnd('/')),
            urls);
    }

    [Fact]
    public void Nothing_in_the_repository_names_the_undocumented_gateway()
    {
        // Built from parts so that this file does not name it either.
        var undocumented = string.Concat("open-sea", "-global");
        var skipped = new[] { "bin", "obj", "node_modules", ".git", "artifacts" };
        var extensions = new[] { ".cs", ".md", ".yaml", ".yml", ".json", ".js", ".props", ".targets", ".csproj", ".liquid", ".txt" };
        var offenders = Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.AllDirectories)
            .Where(path => extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            .Where(path => !Path.GetRelativePath(RepoPaths.Root, path).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Where(path => File.ReadAllText(path).Contains(undocumented, StringComparison.OrdinalIgnoreCase))
            .Select(path => Path.GetRelativePath(RepoPaths.Root, path))
            .ToList();

        Assert.Empty(offenders);
    }
}
