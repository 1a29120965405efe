using System.Text.RegularExpressions;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Tests.Generation;

namespace KeySecure.Generated.PackageTests;

/// <summary>
/// The README's "Testing your integration" example, extracted as written, is a merchant's own xunit project on the
/// packed SDK and sandbox packages: it builds and its tests pass on both frameworks (seeding, a card applied through
/// AddKeySecure, TransferFunds applied then reset, OutcomeUnknown, the read-back, a provider code fault).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class SandboxConsumerTests(PackedSdk sdk)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("<!-- sandbox-example:start -->\\s*```csharp\\n(?<code>.*?)```\\s*<!-- sandbox-example:end -->", RegexOptions.Singleline)]
    private static partial Regex ReadmeExample();

    /// <summary>The example's code, as the README shows it.</summary>
    public static string ExampleCode()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var match = ReadmeExample().Match(readme);
        Assert.True(match.Success, "README.md has no sandbox-example block");
        return match.Groups["code"].Value;
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public async Task The_readme_example_runs_as_a_merchants_test_project_on_the_packed_packages(string targetFramework)
    {
        var consumer = sdk.CreateConsumer(targetFramework, "SandboxTests.csproj.template",
            new Dictionary<string, string> { ["ReadmeExample.cs"] = ExampleCode() });

        var test = await ProcessRunner.RunAsync(ProcessRunner.DotNet, ["test"], consumer, Ct, TimeSpan.FromMinutes(8));

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Matches(@"Passed:\s+2\b", test.Output);
        Assert.Matches(@"Failed:\s+0\b", test.Output);
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(consumer, "Consumer.csproj")));
    }
}
