using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Tests.Generation;

namespace KeySecure.Generated.PackageTests;

/// <summary>
/// Packs the keysecure tool once for the tests that use it, as a release does (`dotnet pack src/KeySecure.Cli`): the
/// KeySecure.Cli package `dotnet tool install` asks for, the NativeAOT linux-x64 package and the framework-dependent
/// fallback, with a version of their own into a folder feed. The native package runs the AOT compiler (minutes), so
/// only the tests that need the tool pay for it.
/// </summary>
public sealed class PackedTool : IAsyncLifetime
{
    public const string Id = "KeySecure.Cli", NativeRid = "linux-x64";

    public string Feed { get; } = Directory.CreateTempSubdirectory("ks-tool-feed-").FullName;

    public string Version { get; } = $"0.0.1-tool.{DateTime.UtcNow:yyyyMMddHHmmss}";

    /// <summary>What `dotnet pack` printed: its trim and AOT analysis warnings among it.</summary>
    public string PackOutput { get; private set; } = string.Empty;

    /// <summary>The package file of <paramref name="id"/> in the feed.</summary>
    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public async ValueTask InitializeAsync()
    {
        var result = await ProcessRunner.RunAsync(
            ProcessRunner.DotNet,
            ["pack", Path.Combine(RepoPaths.Root, "src", "KeySecure.Cli"), "-c", "Release", "-o", Feed, $"-p:Version={Version}",
             // Its own intermediate folders: a pack must not fight the test run's build over obj/.
             $"-p:ArtifactsPath={Path.Combine(Feed, ".artifacts")}"],
            RepoPaths.Root,
            CancellationToken.None,
            TimeSpan.FromMinutes(15));
        PackOutput = result.ToString();
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet pack failed: {result}");
    }

    /// <summary>A nuget.config whose only source is the feed: the tool needs nothing else to install.</summary>
    public string FeedOnlyConfig()
    {
        var config = Path.Combine(Feed, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="tool-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return config;
    }

    public ValueTask DisposeAsync() => TempFolders.DeleteAsync(Feed);
}
