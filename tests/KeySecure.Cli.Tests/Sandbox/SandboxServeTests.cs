using System.Text.Json.Nodes;
using KeySecure.Cli;

namespace KeySecure.Cli.Tests.Sandbox;

/// <summary><c>keysecure sandbox</c>: serves until cancelled and prints what points the tool at it.</summary>
public sealed class SandboxServeTests
{
    [Fact]
    public async Task Sandbox_prints_its_addresses_and_test_credentials_then_serves_until_cancelled()
    {
        var stdout = new ConcurrentStringWriter();
        var stderr = new ConcurrentStringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var serving = CliApp.RunAsync(["sandbox"], stdout, stderr, new Dictionary<string, string?>(), stop.Token);

        JsonObject? printed = null;
        for (var i = 0; i < 200 && printed is null; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            Assert.False(serving.IsCompleted, stderr.ToString());
            var text = stdout.ToString();
            if (text.TrimEnd().EndsWith('}')) printed = JsonNode.Parse(text)!.AsObject();
        }
        Assert.NotNull(printed);
        Assert.Contains("test credentials", stderr.ToString());
        var environment = printed["environment"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
        Assert.Equal((string?)printed["test_credentials"]!["api_secret"], environment["KEYSECURE_API_SECRET"]);
        Assert.True(File.Exists(environment["WORLDFIRST_PRIVATE_KEY_FILE"]));

        // The printed environment is all the tool needs.
        (await CliRun.RunAsync(environment, "token")).ShouldExit(0);
        (await CliRun.RunAsync(environment, "worldfirst", "sensitive-info", "ASSET-SERVE")).ShouldExit(0);

        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(environment["WORLDFIRST_PRIVATE_KEY_FILE"])); // the key files go with the sandbox
    }
}
