using KeySecure.Generated.Tests.Support;
namespace KeySecure.Cli.Tests.Process;

/// <summary><c>--pin -</c> in the executable reads the process's own stdin (a pipe, so no prompt).</summary>
[Slow]
public sealed class StdinTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60); // a cold start on a busy machine

    [Fact]
    public async Task A_pin_piped_on_stdin_is_read_and_checked_before_anything_is_sent()
    {
        var environment = new Dictionary<string, string?>
        {
            ["KEYSECURE_BASE_URL"] = "http://127.0.0.1:9/", // nothing listens: getting past the checks would exit 5
            ["KEYSECURE_API_KEY"] = "ak_offline",
            ["KEYSECURE_API_SECRET"] = "0123456789abcdef",
            ["KEYSECURE_MAX_RETRIES"] = "0",
        };
        using var weak = KeysecureProcess.Start(environment, "123456\n", "card", "pin-set", "--card-no", "C1", "--cardholder-no", "H1", "--pin", "-");
        using var missing = KeysecureProcess.Start(environment, stdin: null, "card", "pin-set", "--card-no", "C1", "--cardholder-no", "H1");

        Assert.True(await weak.ExitsWithinAsync(Deadline), weak.ToString());
        Assert.Equal(ExitCodes.InvalidInput, weak.ExitCode);
        Assert.Contains("'pin'", weak.Stderr); // the weak PIN from stdin was refused locally
        Assert.DoesNotContain("123456", weak.Stdout + weak.Stderr);

        Assert.True(await missing.ExitsWithinAsync(Deadline), missing.ToString());
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains("no terminal", missing.Stderr); // stdin is a pipe: no prompt, a message saying what to use
    }
}
