using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Tests.Generation;

namespace KeySecure.Generated.PackageTests;

/// <summary>
/// Packs the SDK once per test run, with a version of its own so no stale copy in the NuGet cache can stand in for
/// it, into a folder that serves as the consumer's only source for KeySecure packages.
/// </summary>
public sealed class PackedSdk : IAsyncLifetime
{
    public string Feed { get; } = Directory.CreateTempSubdirectory("ks-feed-").FullName;

    public string Version { get; } = $"0.0.1-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}";

    public string PackOutput { get; private set; } = string.Empty;

    public string Package => Path.Combine(Feed, $"KeySecure.Generated.{Version}.nupkg");

    /// <summary>The Redis token store add-on, packed into the same feed with the same version.</summary>
    public string RedisPackage => Path.Combine(Feed, $"KeySecure.Generated.Redis.{Version}.nupkg");

    /// <summary>The ASP.NET Core webhook add-on, packed into the same feed with the same version.</summary>
    public string AspNetCorePackage => Path.Combine(Feed, $"KeySecure.Generated.AspNetCore.{Version}.nupkg");

    /// <summary>The sandbox, packed into the same feed with the same version.</summary>
    public string SandboxPackage => Path.Combine(Feed, $"KeySecure.Sandbox.{Version}.nupkg");

    public async ValueTask InitializeAsync()
    {
        foreach (var (project, package) in new[]
                 {
                     ("KeySecure.Generated", Package), ("KeySecure.Generated.Redis", RedisPackage),
                     ("KeySecure.Generated.AspNetCore", AspNetCorePackage), ("KeySecure.Sandbox", SandboxPackage),
                 })
        {
            var result = await ProcessRunner.RunAsync(
                ProcessRunner.DotNet,
                ["pack", Path.Combine(RepoPaths.Root, "src", project), "-c", "Release", "-o", Feed, $"-p:Version={Version}",
                 // Its own intermediate folders: a pack must not fight the test run's build over obj/.
                 $"-p:ArtifactsPath={Path.Combine(Feed, ".artifacts")}"],
                RepoPaths.Root,
                CancellationToken.None,
                TimeSpan.FromMinutes(5));
            PackOutput += result.Output;
            if (result.ExitCode != 0 || !File.Exists(package))
            {
                throw new InvalidOperationException($"dotnet pack failed: {result}");
            }
        }
    }

    /// <summary>
    /// A fresh consumer project for <paramref name="targetFramework"/>, made from <paramref name="projectTemplate"/> in
    /// Consumer/, whose nuget.config maps KeySecure.* to the feed only. Its code is Consumer/Program.cs, or
    /// <paramref name="sources"/> (relative path to text, e.g. <c>App/App.csproj</c> for a project beside it) when given;
    /// <c>$TargetFramework$</c> and <c>$PackageVersion$</c> are filled in everywhere.
    /// </summary>
    public string CreateConsumer(
        string targetFramework, string projectTemplate = "Consumer.csproj.template", IReadOnlyDictionary<string, string>? sources = null)
    {
        var directory = Directory.CreateTempSubdirectory("ks-consumer-").FullName;
        var template = Path.Combine(AppContext.BaseDirectory, "Consumer");
        if (sources is null) File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(directory, "Program.cs"));
        string Filled(string text) => text.Replace("$TargetFramework$", targetFramework).Replace("$PackageVersion$", Version);
        foreach (var (name, text) in sources ?? new Dictionary<string, string>())
        {
            var file = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, Filled(text));
        }
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), Filled(File.ReadAllText(Path.Combine(template, projectTemplate))));
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="KeySecure.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        // An empty Directory.Build.props stops MSBuild from walking up into any repository settings above the temp folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        return directory;
    }

    public ValueTask DisposeAsync() => TempFolders.DeleteAsync(Feed);
}
