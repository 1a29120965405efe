using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace KeySecure.Cli.Tests.Sandbox;

/// <summary><c>keysecure sandbox --state-file</c>: written owner-only through a private temporary file; a bad file is refused, never replaced.</summary>
public sealed class SandboxStateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ks-cli-state-").FullName;

    private string StateFile => Path.Combine(_directory, "sandbox-state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_state_file_is_owner_only_holds_its_format_and_brings_the_same_credentials_back()
    {
        string apiKey;
        var (first, printed) = await RunningCommand.StartAsync(new Dictionary<string, string?>(), "sandbox", "--state-file", StateFile);
        await using (first)
        {
            apiKey = (string)printed["test_credentials"]!["api_key"]!;
            AssertOwnerOnly(StateFile);
            Assert.Equal(0, await first.StopAsync());
            Assert.Contains("state saved", first.Stderr.ToString());
        }

        AssertOwnerOnly(StateFile);
        Assert.Equal([StateFile], Directory.GetFiles(_directory)); // no temporary file left behind
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(StateFile, TestContext.Current.CancellationToken))!;
        Assert.Equal("keysecure-sandbox-state", (string?)saved["Format"]);
        Assert.Equal(2, (int?)saved["Version"]);

        var (second, again) = await RunningCommand.StartAsync(new Dictionary<string, string?>(), "sandbox", "--state-file", StateFile);
        await using (second)
        {
            Assert.Equal(apiKey, (string?)again["test_credentials"]!["api_key"]);
        }
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_state_file_readable_by_others_is_replaced_by_an_owner_only_one()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("Unix file modes");
        var (serving, _) = await RunningCommand.StartAsync(new Dictionary<string, string?>(), "sandbox", "--state-file", StateFile);
        await using (serving) Assert.Equal(0, await serving.StopAsync());
        File.SetUnixFileMode(StateFile, File.GetUnixFileMode(StateFile) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (again, _) = await RunningCommand.StartAsync(new Dictionary<string, string?>(), "sandbox", "--state-file", StateFile);
        await using (again) Assert.Equal(0, await again.StopAsync());

        AssertOwnerOnly(StateFile);
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "not JSON at all", "corrupt, truncated or of another kind" },
        { """{"Format":"keysecure-sandbox-state","Version":2,"Credentials":{"ApiKey":"a""", "corrupt, truncated or of another kind" },
        { """{"Format":"keysecure-sandbox-state","Version":99,"Credentials":null}""", "format version 99" },
        { """{"Format":"something-else","Version":2}""", "is not a sandbox state file" },
        { """{"Version":1,"Sequence":3}""", "corrupt, truncated or of another kind" }, // a file from before the format marker
        { """{"Format":"keysecure-sandbox-state","Version":2}""", "credentials are missing" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_corrupt_truncated_or_foreign_state_file_exits_2_and_is_left_untouched(string contents, string reason)
    {
        await File.WriteAllTextAsync(StateFile, contents, TestContext.Current.CancellationToken);

        var result = (await CliRun.RunAsync(new Dictionary<string, string?>(), "sandbox", "--state-file", StateFile)).ShouldExit(2);

        Assert.Contains(StateFile, result.Stderr);
        Assert.Contains(reason, result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(contents, await File.ReadAllTextAsync(StateFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_tour_refuses_a_corrupt_state_file_with_exit_2()
    {
        await File.WriteAllTextAsync(StateFile, "{", TestContext.Current.CancellationToken);

        var result = (await CliRun.RunAsync(new Dictionary<string, string?>(), "tour", "--state-file", StateFile)).ShouldExit(2);

        Assert.Contains("cannot be used", result.Stderr);
        Assert.Equal("{", await File.ReadAllTextAsync(StateFile, TestContext.Current.CancellationToken));
    }

    private static void AssertOwnerOnly(string file)
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
