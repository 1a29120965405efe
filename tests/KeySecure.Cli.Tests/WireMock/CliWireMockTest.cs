using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.WireMock;

/// <summary>Base of the CLI tests against WireMock: the CLI is pointed at WireMock through its environment variables.</summary>
public abstract class CliWireMockTest(WireMockServer server) : WireMockTest(server)
{
    protected const string KeySecurePrefix = Stubs.KeySecurePrefix;

    /// <summary>Retries allowed for reads in these tests; a failing read reaches WireMock 1 + this many times.</summary>
    protected const int MaxRetries = 2;

    protected Dictionary<string, string?> KeySecureEnv(string? apiSecret = null) => new()
    {
        ["KEYSECURE_BASE_URL"] = Server.BaseUri.ToString(),
        ["KEYSECURE_API_KEY"] = KeySecureSdk.ApiKey,
        ["KEYSECURE_API_SECRET"] = apiSecret ?? KeySecureSdk.ApiSecret,
        ["KEYSECURE_MAX_RETRIES"] = MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KEYSECURE_RETRY_BASE_DELAY_MS"] = "0",
    };

    protected Task<CliResult> Run(IDictionary<string, string?> environment, params string[] args) => CliRun.RunAsync(environment, args);

    protected Task<CliResult> Run(IDictionary<string, string?> environment, CliInput input, params string[] args) => CliRun.RunAsync(environment, input, args);

    protected async Task<IReadOnlyList<RecordedRequest>> Journal() => await WireMock.RequestsAsync();
}
