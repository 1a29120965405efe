using System.Text.RegularExpressions;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Tests.Generation;

namespace KeySecure.Generated.PackageTests;

/// <summary>
/// The README's "Testing your integration" example, extracted as written, is a merchant's own xunit project on the
/// packed SDK and sandbox packages: it builds and its tests pass on both frameworks (seeding, a card applied through
/// AddKeySecure, TransferFunds applied then reset, OutcomeUnknown, the read-back, a provider code fault, token expiry and
/// the timestamp window on FakeTimeProvider clocks, the requests checked against the spec). Beside it, the merchant's
/// minimal ASP.NET Core app (Consumer/WebhookApp) receives the README's WebhookChecks under WebApplicationFactory
/// (Consumer/WebhookAppTests.cs). On net8.0 the project pins the 8.x line and restores without NU1605 or NU1202.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class SandboxConsumerTests(PackedSdk sdk)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("<!-- sandbox-example:start -->\\s*```csharp\\n(?<code>.*?)```\\s*<!-- sandbox-example:end -->", RegexOptions.Singleline)]
    private static partial Regex ReadmeExample();

    private static string Consumer(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Consumer", file));

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
        var consumer = sdk.CreateConsumer(targetFramework, "SandboxTests.csproj.template", new Dictionary<string, string>
        {
            ["ReadmeExample.cs"] = ExampleCode(),
            ["WebhookAppTests.cs"] = Consumer("WebhookAppTests.cs"),
            ["App/App.csproj"] = Consumer("WebhookApp/App.csproj.template"),
            ["App/Program.cs"] = Consumer("WebhookApp/Program.cs"),
        });

        var restore = await ProcessRunner.RunAsync(ProcessRunner.DotNet, ["restore"], consumer, Ct, TimeSpan.FromMinutes(5));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.DoesNotMatch(@"NU1(605|202|608)", restore.Output);
        var test = await ProcessRunner.RunAsync(ProcessRunner.DotNet, ["test", "--no-restore"], consumer, Ct, TimeSpan.FromMinutes(8));

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Matches(@"Passed:\s+4\b", test.Output);
        Assert.Matches(@"Failed:\s+0\b", test.Output);
        // The SDK and the sandbox come from the feed; the only project referenced is the merchant's own app.
        Assert.DoesNotContain("KeySecure", string.Concat(File.ReadAllLines(Path.Combine(consumer, "Consumer.csproj")).Where(l => l.Contains("ProjectReference"))));
    }
}
