using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using KeySecure.Generated.Tests.Generation;
using KeySecure.Generated.Tests.Support;
using KeySecure.Sandbox;

namespace KeySecure.Generated.PackageTests;

/// <summary>
/// The keysecure tool as `dotnet tool install` gets it: a NativeAOT binary on linux-x64, the framework-dependent build
/// everywhere else, packed with no trim or AOT warning, and the installed native binary working against the sandbox.
/// </summary>
[Collection(PackageCollection.Name)]
[Slow]
public sealed class ToolPackageTests(PackedTool tool) : IClassFixture<PackedTool>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_tool_packs_a_native_linux_x64_package_and_a_framework_dependent_fallback_with_no_trim_or_AOT_warning()
    {
        Assert.DoesNotMatch(@"warning (IL|AOT)\d{4}", tool.PackOutput);

        // The package `dotnet tool install` asks for names one package per RID and carries no code of its own.
        var pointer = Entries(tool.Package(PackedTool.Id));
        Assert.DoesNotContain(pointer.Keys, e => e.EndsWith(".dll", StringComparison.Ordinal));
        var rids = XDocument.Parse(pointer["tools/any/any/DotnetToolSettings.xml"]).Descendants("RuntimeIdentifierPackage")
            .ToDictionary(p => (string)p.Attribute("RuntimeIdentifier")!, p => (string)p.Attribute("Id")!);
        Assert.Equal(new Dictionary<string, string> { [PackedTool.NativeRid] = $"{PackedTool.Id}.{PackedTool.NativeRid}", ["any"] = $"{PackedTool.Id}.any" }, rids);

        // linux-x64: the native executable alone (the SDK files it under tools/any/linux-x64/: no framework needed),
        // started directly.
        var native = Entries(tool.Package($"{PackedTool.Id}.{PackedTool.NativeRid}"));
        var nativeFolder = $"tools/any/{PackedTool.NativeRid}/";
        Assert.Equal("executable", Runner(native[nativeFolder + "DotnetToolSettings.xml"]));
        Assert.Equal([nativeFolder + "DotnetToolSettings.xml", nativeFolder + "keysecure"], native.Keys.Where(e => e.StartsWith("tools/", StringComparison.Ordinal)).Order());

        // Every other platform: the IL assemblies, run by the installed .NET 10 runtime.
        var fallback = Entries(tool.Package($"{PackedTool.Id}.any"));
        Assert.Equal("dotnet", Runner(fallback["tools/net10.0/any/DotnetToolSettings.xml"]));
        Assert.Contains("tools/net10.0/any/keysecure.dll", fallback.Keys);
        Assert.Contains("tools/net10.0/any/KeySecure.Generated.dll", fallback.Keys);
        Assert.DoesNotContain(fallback.Keys, e => e == "tools/net10.0/any/keysecure");
    }

    [Fact]
    public async Task On_linux_x64_dotnet_tool_install_gives_the_native_binary_which_fetches_a_token_from_the_sandbox()
    {
        Assert.SkipUnless(RuntimeInformation.RuntimeIdentifier == PackedTool.NativeRid, $"the native package is for {PackedTool.NativeRid}");
        var toolPath = Directory.CreateTempSubdirectory("ks-tool-").FullName;
        var install = await ProcessRunner.RunAsync(
            ProcessRunner.DotNet,
            ["tool", "install", PackedTool.Id, "--version", tool.Version, "--tool-path", toolPath, "--configfile", tool.FeedOnlyConfig()],
            toolPath,
            Ct,
            TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.ToString());
        var installed = Directory.GetFiles(Path.Combine(toolPath, ".store"), "*", SearchOption.AllDirectories);
        var binary = Assert.Single(installed, f => Path.GetFileName(f) == "keysecure");
        Assert.Contains($"{PackedTool.Id}.{PackedTool.NativeRid}".ToLowerInvariant(), binary, StringComparison.Ordinal);
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(binary)[..4]);
        Assert.DoesNotContain(installed, f => Path.GetFileName(f) == "keysecure.dll");

        var keysecure = Path.Combine(toolPath, "keysecure");
        var version = await ProcessRunner.RunAsync(keysecure, ["--version"], toolPath, Ct, TimeSpan.FromMinutes(1));
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(tool.Version, version.StdOut.Trim(), StringComparison.Ordinal);

        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: Ct);
        var token = await ProcessRunner.RunAsync(keysecure, ["token"], toolPath, Ct, TimeSpan.FromMinutes(1), new Dictionary<string, string>
        {
            ["KEYSECURE_BASE_URL"] = sandbox.BaseAddress.ToString(),
            ["KEYSECURE_API_KEY"] = sandbox.Credentials.ApiKey,
            ["KEYSECURE_API_SECRET"] = sandbox.Credentials.ApiSecret,
        });
        Assert.True(token.ExitCode == 0, token.ToString());
        Assert.Contains("\"token_received\": true", token.StdOut, StringComparison.Ordinal);
        Assert.Contains(sandbox.Requests, r => r.OperationId == "GetToken");
        Assert.DoesNotContain(sandbox.Credentials.ApiSecret, token.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Entries(string package)
    {
        Assert.True(File.Exists(package), $"{Path.GetFileName(package)} was not packed");
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            if (!e.FullName.EndsWith(".xml", StringComparison.Ordinal)) return string.Empty;
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }

    private static string Runner(string settings) =>
        (string)XDocument.Parse(settings).Descendants("Command").Single().Attribute("Runner")!;
}
