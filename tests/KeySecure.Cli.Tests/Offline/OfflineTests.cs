using System.Net;
using System.Net.Sockets;

namespace KeySecure.Cli.Tests.Offline;

/// <summary>Parsing, help, configuration and network failures: no server needed.</summary>
public sealed class OfflineTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    [Theory]
    [InlineData("--help")]
    [InlineData("tour", "--help")]
    [InlineData("sandbox", "--help")]
    [InlineData("token", "--help")]
    [InlineData("card", "--help")]
    [InlineData("card", "detail", "--help")]
    [InlineData("card", "private-info", "--help")]
    [InlineData("card", "activate", "--help")]
    [InlineData("card", "pin-set", "--help")]
    [InlineData("card", "status", "--help")]
    [InlineData("worldfirst", "--help")]
    [InlineData("worldfirst", "sensitive-info", "--help")]
    public async Task Every_command_has_help(params string[] args)
    {
        var result = (await CliRun.RunAsync(NoEnvironment, args)).ShouldExit(0);

        Assert.Contains("Usage:", result.Stdout);
        Assert.Contains("keysecure", result.Stdout);
    }

    [Theory]
    [InlineData]
    [InlineData("card")]
    [InlineData("nonsense")]
    [InlineData("card", "detail")]
    [InlineData("card", "pin-set", "--card-no", "C1")]
    [InlineData("sandbox", "--port", "abc")]
    public async Task Malformed_command_lines_exit_2_with_the_reason_on_stderr(params string[] args)
    {
        var result = (await CliRun.RunAsync(NoEnvironment, args)).ShouldExit(2);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("error:", result.Stderr);
        Assert.Contains("--help", result.Stderr);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("card", "detail", "C1")]
    [InlineData("card", "private-info", "C1")]
    [InlineData("worldfirst", "sensitive-info", "A1")]
    public async Task Missing_configuration_exits_2(params string[] args)
    {
        var result = (await CliRun.RunAsync(NoEnvironment, args)).ShouldExit(2);

        Assert.Contains("Missing configuration", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Theory]
    [InlineData("KEYSECURE_BASE_URL", "not a url")]
    [InlineData("KEYSECURE_BASE_URL", "ftp://example.com")]
    [InlineData("WORLDFIRST_KEY_VERSION", "two")]
    [InlineData("KEYSECURE_MAX_RETRIES", "99")]
    public async Task Malformed_variables_exit_2_naming_the_variable(string variable, string value)
    {
        var environment = new Dictionary<string, string?>
        {
            ["KEYSECURE_BASE_URL"] = "http://127.0.0.1:9",
            ["KEYSECURE_API_KEY"] = "ak",
            ["KEYSECURE_API_SECRET"] = "0123456789abcdef",
            [variable] = value,
        };

        var result = (await CliRun.RunAsync(environment, "token")).ShouldExit(2);

        Assert.Contains(variable, result.Stderr);
    }

    [Fact]
    public async Task A_connection_refused_on_a_read_exits_5()
    {
        var result = (await CliRun.RunAsync(NothingListening(maxRetries: 1), "card", "detail", "C1")).ShouldExit(5);

        Assert.Contains("Network failure", result.Stderr);
        Assert.DoesNotContain("0123456789abcdef", result.All);
    }

    [Fact]
    public async Task A_state_change_sent_to_a_port_where_nothing_listens_exits_5_not_6()
    {
        var result = (await CliRun.RunAsync(NothingListening(maxRetries: 0), "card", "status", "--card-no", "C1", "--status", "frozen")).ShouldExit(5);

        Assert.Contains("nothing was applied", result.Stderr);
    }

    [Theory]
    [InlineData("KEYSECURE_BASE_URL", "http://sandbox-openplatform.keysecure.io")]
    [InlineData("KEYSECURE_BASE_URL", "http://192.0.2.10:8080")]
    [InlineData("WORLDFIRST_BASE_URL", "http://open-sea.worldfirst.com")]
    public async Task A_plain_http_base_url_that_is_not_loopback_exits_2_and_sends_nothing(string variable, string value)
    {
        var environment = new Dictionary<string, string?>
        {
            ["KEYSECURE_API_KEY"] = "ak",
            ["KEYSECURE_API_SECRET"] = "0123456789abcdef",
            [variable] = value,
        };

        var result = (await CliRun.RunAsync(environment, "card", "detail", "C1")).ShouldExit(2);

        Assert.Contains(variable, result.Stderr);
        Assert.Contains("https", result.Stderr);
        Assert.Contains("nothing was sent", result.Stderr);
    }

    [Fact]
    public async Task A_plain_http_base_url_given_as_a_flag_is_refused_by_the_sdk_with_exit_2()
    {
        var environment = new Dictionary<string, string?> { ["KEYSECURE_API_KEY"] = "ak", ["KEYSECURE_API_SECRET"] = "0123456789abcdef" };

        var result = (await CliRun.RunAsync(environment, "card", "detail", "C1", "--base-url", "http://192.0.2.10")).ShouldExit(2);

        Assert.Contains("BaseAddress must use https", result.Stderr);
    }

    [Fact]
    public async Task Help_lists_every_exit_code()
    {
        var result = (await CliRun.RunAsync(NoEnvironment, "--help")).ShouldExit(0);

        foreach (var code in new[] { "0 success", "1 unexpected", "2 invalid input", "3 provider error", "4 signature", "5 HTTP/network failure", "6 outcome unknown", "130 cancelled" })
        {
            Assert.Contains(code, result.Stdout.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_failure_kind_maps_to_its_documented_exit_code()
    {
        Assert.Equal(2, ExitCodes.Classify(new CliUsageException("x"), CancellationToken.None).ExitCode);
        Assert.Equal(2, ExitCodes.Classify(new KeySecure.Generated.Exceptions.KeySecureValidationException("pin", "weak", "SetCardPin"), CancellationToken.None).ExitCode);
        Assert.Equal(2, ExitCodes.Classify(new Microsoft.Extensions.Options.OptionsValidationException("", typeof(object), ["bad"]), CancellationToken.None).ExitCode);
        Assert.Equal(3, ExitCodes.Classify(new KeySecure.Generated.Exceptions.KeySecureApiException(4005, "m", "SetCardPin"), CancellationToken.None).ExitCode);
        Assert.Equal(3, ExitCodes.Classify(new KeySecure.Generated.Exceptions.WorldFirstApiException("USER_NOT_EXIST", "m", "Q", true), CancellationToken.None).ExitCode);
        Assert.Equal(4, ExitCodes.Classify(new KeySecure.Generated.Exceptions.WorldFirstSignatureException(KeySecure.Generated.Exceptions.WorldFirstSignaturePart.Mismatch, "Q"), CancellationToken.None).ExitCode);
        Assert.Equal(4, ExitCodes.Classify(new KeySecure.Generated.Exceptions.KeySecureCryptoException("bad", "G"), CancellationToken.None).ExitCode);
        Assert.Equal(5, ExitCodes.Classify(new KeySecure.Generated.Exceptions.ProviderResponseException("x", 503, null, "G", null, null), CancellationToken.None).ExitCode);
        Assert.Equal(5, ExitCodes.Classify(new KeySecure.Generated.Exceptions.WorldFirstUnknownResultException("UNKNOWN_EXCEPTION", null, "Q", true), CancellationToken.None).ExitCode);
        Assert.Equal(5, ExitCodes.Classify(new HttpRequestException("down"), CancellationToken.None).ExitCode);
        Assert.Equal(5, ExitCodes.Classify(new TaskCanceledException(), CancellationToken.None).ExitCode);
        Assert.Equal(5, ExitCodes.Classify(new KeySecure.Generated.Exceptions.RequestNotSentException(KeySecure.Generated.Exceptions.RequestNotSentReason.CircuitOpen, "UpdateCardStatus"), CancellationToken.None).ExitCode);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Equal(130, ExitCodes.Classify(new OperationCanceledException(cancelled.Token), cancelled.Token).ExitCode);
    }

    [Theory]
    [InlineData("4111111111111111", "411111******1111")]
    [InlineData("5555444433331111", "555544******1111")]
    [InlineData("4111 1111 1111 1111", "411111******1111")]
    [InlineData("378282246310005", "378282*****0005")]
    [InlineData("1234", "****")]
    public void Pans_keep_the_first_six_and_the_last_four(string pan, string masked) =>
        Assert.Equal(masked, KeySecure.Cli.Output.Masking.MaskPan(pan));

    /// <summary>Settings pointing at a loopback port where nothing listens.</summary>
    private static Dictionary<string, string?> NothingListening(int maxRetries) => new()
    {
        ["KEYSECURE_BASE_URL"] = $"http://127.0.0.1:{ClosedPort()}",
        ["KEYSECURE_API_KEY"] = "ak_offline",
        ["KEYSECURE_API_SECRET"] = "0123456789abcdef",
        ["KEYSECURE_MAX_RETRIES"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KEYSECURE_RETRY_BASE_DELAY_MS"] = "0",
    };

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
