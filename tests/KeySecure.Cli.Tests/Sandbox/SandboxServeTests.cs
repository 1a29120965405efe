using System.Text.Json.Nodes;
using KeySecure.Generated;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Cli.Tests.Sandbox;

/// <summary><c>keysecure sandbox</c>: serves until cancelled and prints what points the tool at it.</summary>
public sealed class SandboxServeTests
{
    [Fact]
    public async Task Sandbox_prints_its_addresses_and_test_credentials_then_serves_until_cancelled()
    {
        var (serving, printed) = await RunningCommand.StartAsync(new Dictionary<string, string?>(), "sandbox");
        await using var _ = serving;

        Assert.Contains("test credentials", serving.Stderr.ToString());
        var environment = printed["environment"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
        Assert.Equal((string?)printed["test_credentials"]!["api_secret"], environment["KEYSECURE_API_SECRET"]);
        Assert.True(File.Exists(environment["WORLDFIRST_PRIVATE_KEY_FILE"]));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(environment["WORLDFIRST_PRIVATE_KEY_FILE"]!));
        }

        // The printed environment is all the tool needs.
        (await CliRun.RunAsync(environment, "token")).ShouldExit(0);
        (await CliRun.RunAsync(environment, "worldfirst", "sensitive-info", "ASSET-SERVE")).ShouldExit(0);

        Assert.Equal(0, await serving.StopAsync());
        Assert.False(File.Exists(environment["WORLDFIRST_PRIVATE_KEY_FILE"])); // the key files go with the sandbox
    }

    [Fact]
    public async Task Sandbox_answers_a_repeated_unique_no_as_the_flag_says()
    {
        var (serving, printed) = await RunningCommand.StartAsync(new Dictionary<string, string?>(), "sandbox", "--repeated-unique-no", "error");
        await using var _ = serving;
        Assert.Equal("Error", (string?)printed["repeated_unique_no"]);

        var environment = printed["environment"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
        var services = new ServiceCollection();
        services.AddKeySecure(o =>
        {
            o.BaseAddress = new Uri(environment["KEYSECURE_BASE_URL"]!);
            o.ApiKey = environment["KEYSECURE_API_KEY"]!;
            o.ApiSecret = environment["KEYSECURE_API_SECRET"]!;
        });
        await using var provider = services.BuildServiceProvider();
        var cardholders = provider.GetRequiredService<IKeySecureClientFactory>().Create().Cardholders;
        var request = new ApplyCardholderRequest { CardholderUniqueNo = "serve-repeat", SumsubShareToken = "serve-repeat" };

        await cardholders.ApplyCardholderAsync(request, TestContext.Current.CancellationToken);
        var repeat = await Assert.ThrowsAsync<KeySecureApiException>(() => cardholders.ApplyCardholderAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(2001, repeat.Code);
        Assert.Equal(0, await serving.StopAsync());
    }

    [Fact]
    public async Task Sandbox_refuses_a_request_the_spec_does_not_allow_when_the_flag_says_so()
    {
        var (serving, printed) = await RunningCommand.StartAsync(new Dictionary<string, string?>(), "sandbox", "--refuse-off-spec");
        await using var _ = serving;
        Assert.True((bool?)printed["refuse_off_spec_requests"]);

        // Get Token without its Api-Key and Timestamp headers: the spec requires both.
        using var http = new HttpClient();
        var answer = JsonNode.Parse(await http.GetStringAsync(new Uri(new Uri((string)printed["keysecure_api_root"]!), "merchant/token"), TestContext.Current.CancellationToken))!;

        Assert.Equal(1004, (int?)answer["code"]);
        Assert.Contains("breaks the spec", (string?)answer["msg"]);
        Assert.Equal(0, await serving.StopAsync());
    }
}
