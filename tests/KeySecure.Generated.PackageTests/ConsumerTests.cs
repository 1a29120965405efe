using KeySecure.Generated.Tests.Support;
using System.IO.Compression;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Tests.Generation;

namespace KeySecure.Generated.PackageTests;

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedSdk>, ICollectionFixture<WireMockServer>
{
    public const string Name = "Package";
}

/// <summary>The SDK as a merchant gets it: a package from a feed, restored, built, run, and published with NativeAOT.</summary>
[Collection(PackageCollection.Name)]
[Slow]
public sealed class ConsumerTests(PackedSdk sdk, WireMockServer wireMock)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_package_carries_both_frameworks_docs_readme_specs_and_symbols()
    {
        using var zip = ZipFile.OpenRead(sdk.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/KeySecure.Generated.dll", entries);
            Assert.Contains($"lib/{framework}/KeySecure.Generated.xml", entries);
        }
        Assert.Contains("PACKAGE.md", entries);
        Assert.Contains("content/openapi/keysecure.yaml", entries);
        Assert.Contains("content/openapi/worldfirst.yaml", entries);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open());
        var manifest = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", manifest);
        Assert.Contains("<repository type=\"git\"", manifest);
        Assert.Contains("<readme>PACKAGE.md</readme>", manifest);
        Assert.True(File.Exists(Path.ChangeExtension(sdk.Package, ".snupkg")), "symbols package missing");
    }

    [Fact]
    public void The_redis_package_carries_both_frameworks_and_its_readme_and_depends_on_the_sdk_of_its_own_version()
    {
        using var zip = ZipFile.OpenRead(sdk.RedisPackage);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/KeySecure.Generated.Redis.dll", entries);
            Assert.Contains($"lib/{framework}/KeySecure.Generated.Redis.xml", entries);
        }
        Assert.Contains("PACKAGE.md", entries);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open());
        var manifest = nuspec.ReadToEnd();
        Assert.Contains($"<dependency id=\"KeySecure.Generated\" version=\"{sdk.Version}\"", manifest);
        Assert.Contains("<dependency id=\"StackExchange.Redis\"", manifest);
    }

    [Fact]
    public async Task A_project_referencing_only_the_package_registers_it_and_calls_the_api()
    {
        await ConsumerStubs.LoadAsync(wireMock.Admin);
        var consumer = sdk.CreateConsumer("net10.0");

        var run = await ProcessRunner.RunAsync(ProcessRunner.DotNet, ["run", "--", wireMock.BaseUri.ToString()], consumer, Ct, TimeSpan.FromMinutes(5));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ConsumerStubs.ExpectedLines, ConsumerStubs.Lines(run.StdOut));
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(consumer, "Consumer.csproj")));
        var journal = await wireMock.Admin.RequestsAsync();
        Assert.Contains(journal, r => r.Url.EndsWith("/card/C1/detail", StringComparison.Ordinal));
        Assert.DoesNotContain(journal, r => r.Url.Contains("/pin/set", StringComparison.Ordinal)); // the weak PIN never left
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public async Task A_NativeAOT_published_consumer_has_no_trim_warnings_and_runs(string targetFramework)
    {
        await ConsumerStubs.LoadAsync(wireMock.Admin);
        var consumer = sdk.CreateConsumer(targetFramework);
        var output = Path.Combine(consumer, "native");

        // NativeAOT links with clang by default; where only gcc is installed, gcc links as well.
        string[] linker = IsOnPath("clang") ? [] : ["-p:CppCompilerAndLinker=gcc"];
        var publish = await ProcessRunner.RunAsync(
            ProcessRunner.DotNet,
            ["publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", .. linker, "-o", output],
            consumer,
            Ct,
            TimeSpan.FromMinutes(8));

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.DoesNotMatch(@"warning (IL|AOT)\d{4}", publish.Output);
        var run = await ProcessRunner.RunAsync(Path.Combine(output, "Consumer"), [wireMock.BaseUri.ToString()], consumer, Ct);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ConsumerStubs.ExpectedLines, ConsumerStubs.Lines(run.StdOut));
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, program)));
}
