using System.CommandLine;
using System.Text.RegularExpressions;
using KeySecure.Cli.Hosting;

namespace KeySecure.Cli.Tests.Offline;

/// <summary>No secret is ever taken as an argument: the Api-Key from the environment or a file, a CVV or PIN from stdin or the terminal.</summary>
public sealed partial class SecretsOffTheCommandLineTests
{
    private const string Cvv = "739";
    private const string Pin = "480759";

    // Configured, but nothing listens: a command that got past the secret checks would fail with exit 5, not 2.
    private static Dictionary<string, string?> Configured() => new()
    {
        ["KEYSECURE_BASE_URL"] = "http://127.0.0.1:9/",
        ["KEYSECURE_API_KEY"] = "ak_offline",
        ["KEYSECURE_API_SECRET"] = "0123456789abcdef",
        ["KEYSECURE_MAX_RETRIES"] = "0",
    };

    public static TheoryData<string[]> EveryHelp()
    {
        var data = new TheoryData<string[]>();
        using var signals = ShutdownSignals.Following(CancellationToken.None);
        var root = CliApp.BuildRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>(), new WriteGrace(signals, TextWriter.Null)));
        void Walk(Command command, string[] path)
        {
            data.Add([.. path, "--help"]);
            foreach (var sub in command.Subcommands) Walk(sub, [.. path, sub.Name]);
        }
        Walk(root, []);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryHelp))]
    public async Task No_help_text_offers_an_api_key_flag(params string[] args)
    {
        var help = (await CliRun.RunAsync(new Dictionary<string, string?>(), args)).ShouldExit(0).Stdout;

        Assert.Contains("Usage:", help);
        Assert.DoesNotMatch(ApiKeyFlag(), help);
        Assert.Contains("--api-key-file", help); // the replacement is offered everywhere (a global option)
    }

    [Theory]
    [InlineData("--api-key", "ak_typed_secret", "token")]
    [InlineData("--api-key=ak_typed_secret", "token")]
    [InlineData("card", "detail", "C1", "--api-key", "ak_typed_secret")]
    public async Task The_removed_api_key_flag_exits_2_saying_what_to_use(params string[] args)
    {
        var result = (await CliRun.RunAsync(Configured(), args)).ShouldExit(2);

        Assert.Contains("KEYSECURE_API_KEY", result.Stderr);
        Assert.Contains("--api-key-file", result.Stderr);
        Assert.DoesNotContain("ak_typed_secret", result.All);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task A_missing_api_key_file_exits_2_naming_the_flag()
    {
        var result = (await CliRun.RunAsync(Configured(), "token", "--api-key-file", Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}"))).ShouldExit(2);

        Assert.Contains("--api-key-file", result.Stderr);
    }

    [Fact]
    public async Task A_cvv_typed_as_an_argument_exits_2_without_repeating_it_and_says_what_to_use()
    {
        var result = (await CliRun.RunAsync(Configured(), "card", "activate", "--card-no", "C1", "--cardholder-no", "H1", "--cvv", Cvv, "--last-no", "1111"))
            .ShouldExit(2);

        Assert.Contains("--cvv -", result.Stderr);
        Assert.Contains("stdin", result.Stderr);
        Assert.DoesNotContain(Cvv, result.All);
    }

    [Fact]
    public async Task A_pin_typed_as_an_argument_exits_2_without_repeating_it()
    {
        var result = (await CliRun.RunAsync(Configured(), "card", "pin-set", "--card-no", "C1", "--cardholder-no", "H1", "--pin", Pin)).ShouldExit(2);

        Assert.Contains("--pin -", result.Stderr);
        Assert.DoesNotContain(Pin, result.All);
    }

    [Theory]
    [InlineData("card", "pin-set", "--card-no", "C1", "--cardholder-no", "H1")]
    [InlineData("card", "pin-set", "--card-no", "C1", "--cardholder-no", "H1", "--pin")]
    [InlineData("card", "activate", "--card-no", "C1", "--cardholder-no", "H1", "--last-no", "1111")]
    public async Task Without_a_value_or_a_terminal_the_secret_is_asked_for_on_stdin(params string[] args)
    {
        var result = (await CliRun.RunAsync(Configured(), CliInput.None, args)).ShouldExit(2);

        Assert.Contains("no terminal", result.Stderr);
        Assert.Contains(" - and write it on stdin", result.Stderr);
    }

    [Fact]
    public async Task An_empty_stdin_is_refused_before_sending()
    {
        var result = (await CliRun.RunAsync(Configured(), new CliInput(new StringReader(string.Empty)),
            "card", "pin-set", "--card-no", "C1", "--cardholder-no", "H1", "--pin", "-")).ShouldExit(2);

        Assert.Contains("read nothing from stdin", result.Stderr);
    }

    [Fact]
    public async Task A_pin_from_stdin_is_checked_like_any_other_before_sending()
    {
        // 123456 is weak: refused locally (exit 2) rather than sent to the closed port (exit 5), so stdin was read.
        var result = (await CliRun.RunAsync(Configured(), CliRun.Stdin("123456"),
            "card", "pin-set", "--card-no", "C1", "--cardholder-no", "H1", "--pin", "-")).ShouldExit(2);

        Assert.Contains("'pin'", result.Stderr);
        Assert.DoesNotContain("123456", result.All);
    }

    /// <summary><c>--api-key</c> as a flag of its own, not the start of <c>--api-key-file</c>.</summary>
    [GeneratedRegex(@"--api-key(?![-\w])")]
    private static partial Regex ApiKeyFlag();
}
