using System.IO.Compression;
using System.Text.RegularExpressions;

namespace KeySecure.Generated.PackageTests;

/// <summary>
/// The sandbox package stands on its own: both frameworks a merchant's test suite may run on, and no dependency on the
/// SDK (or any KeySecure package), so testing the SDK against it compares two independent readings of the specs.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class SandboxPackageTests(PackedSdk sdk)
{
    [Fact]
    public void The_sandbox_package_carries_both_frameworks_and_depends_on_no_keysecure_package()
    {
        using var zip = ZipFile.OpenRead(sdk.SandboxPackage);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/KeySecure.Sandbox.dll", entries);
        }
        Assert.Contains("PACKAGE.md", entries);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open());
        var manifest = nuspec.ReadToEnd();
        Assert.Matches("<frameworkReference name=\"Microsoft.AspNetCore.App\"", manifest);
        var dependencies = Regex.Matches(manifest, "<dependency id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.DoesNotContain(dependencies, id => id.StartsWith("KeySecure.", StringComparison.Ordinal));
    }
}
