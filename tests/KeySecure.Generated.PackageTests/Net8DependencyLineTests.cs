using KeySecure.Generated.Tests.Support;
using System.Text.Json;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Tests.Generation;

namespace KeySecure.Generated.PackageTests;

/// <summary>
/// On net8.0 the SDK depends on the 8.x Microsoft.Extensions line only, so a merchant's LTS service that pins it keeps
/// it: the restore reports no downgrade (NU1605) or out-of-range (NU1608) dependency, nothing newer than 8.x is
/// resolved, and the program runs on those versions.
/// </summary>
[Collection(PackageCollection.Name)]
[Slow]
public sealed class Net8DependencyLineTests(PackedSdk sdk, WireMockServer wireMock)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_net8_service_pinned_to_Microsoft_Extensions_8_restores_the_sdk_without_warnings_keeps_8x_and_runs()
    {
        await ConsumerStubs.LoadAsync(wireMock.Admin);
        var consumer = sdk.CreateConsumer("net8.0", "Net8Pinned.csproj.template");

        var restore = await ProcessRunner.RunAsync(ProcessRunner.DotNet, ["restore"], consumer, Ct, TimeSpan.FromMinutes(5));

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.DoesNotMatch(@"NU160[58]", restore.Output);
        var resolved = ResolvedPackages(consumer, "net8.0");
        Assert.Contains("KeySecure.Generated/" + sdk.Version, resolved);
        Assert.Contains("Microsoft.Extensions.Logging/8.0.1", resolved);
        var newerThan8 = resolved.Where(p => p.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && !p.Contains("/8.", StringComparison.Ordinal)).ToList();
        Assert.True(newerThan8.Count == 0, $"The SDK lifted a net8.0 service off the 8.x line: {string.Join(", ", newerThan8)}");

        var run = await ProcessRunner.RunAsync(ProcessRunner.DotNet, ["run", "--no-restore", "--", wireMock.BaseUri.ToString()], consumer, Ct, TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ConsumerStubs.ExpectedLines, ConsumerStubs.Lines(run.StdOut));
    }

    /// <summary>"Id/Version" of every package the restore resolved for <paramref name="targetFramework"/>.</summary>
    private static List<string> ResolvedPackages(string project, string targetFramework)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "project.assets.json")));
        return assets.RootElement.GetProperty("targets").GetProperty(targetFramework).EnumerateObject().Select(p => p.Name).ToList();
    }
}
