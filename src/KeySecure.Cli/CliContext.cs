using System.CommandLine;
using KeySecure.Cli.Hosting;

namespace KeySecure.Cli;

/// <summary>
/// What every command needs: the two writers, the environment, where secrets are read from, how its SDK calls meet a
/// signal and the global flags.
/// </summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, WriteGrace calls, CliInput? input = null)
{
    public TextWriter Stdout { get; } = stdout;

    /// <summary>Whether stderr is a terminal, where a long walk (<c>--all</c>) shows its progress page by page.</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>Where <c>--cvv -</c> and <c>--pin -</c> read from, and the terminal prompt.</summary>
    public CliInput Input { get; } = input ?? CliInput.None;

    /// <summary>Progress and diagnostics; never card data or secrets.</summary>
    public TextWriter Stderr { get; } = stderr;

    public IDictionary<string, string?> Environment { get; } = environment;

    /// <summary>Runs each SDK call so that a signal ends a read at once and gives a write time to bring back its answer.</summary>
    public WriteGrace Calls { get; } = calls;

    public Option<string> BaseUrl { get; } = new("--base-url")
    {
        Description = $"KeySecure host, e.g. https://sandbox-openplatform.keysecure.io (overrides {CliSettings.KeySecureBaseUrlVariable}; the SDK appends /open-api/v1/).",
        Recursive = true,
    };

    public Option<string> ApiKeyFile { get; } = new("--api-key-file")
    {
        Description = $"File holding the KeySecure Api-Key (overrides {CliSettings.ApiKeyVariable}). The API secret is read from {CliSettings.ApiSecretVariable} only.",
        Recursive = true,
    };

    /// <summary>The removed flag that put the Api-Key on the command line: hidden from help, refused with what to use instead.</summary>
    public Option<string> RemovedApiKey { get; } = RemovedSecretFlag.Create(
        "--api-key", $"set {CliSettings.ApiKeyVariable} or pass --api-key-file <path>");

    public Option<string> WorldFirstBaseUrl { get; } = new("--worldfirst-base-url")
    {
        Description = $"WorldFirst gateway host (overrides {CliSettings.WorldFirstBaseUrlVariable}).",
        Recursive = true,
    };

    public Option<string> ClientId { get; } = new("--client-id")
    {
        Description = $"WorldFirst Client-Id (overrides {CliSettings.ClientIdVariable}).",
        Recursive = true,
    };

    public Option<string> PrivateKeyFile { get; } = new("--private-key-file")
    {
        Description = $"Merchant RSA private key, PKCS#8 PEM file (overrides {CliSettings.PrivateKeyFileVariable}).",
        Recursive = true,
    };

    public Option<string> PublicKeyFile { get; } = new("--public-key-file")
    {
        Description = $"WorldFirst RSA public key, PEM file (overrides {CliSettings.PublicKeyFileVariable}).",
        Recursive = true,
    };

    public Option<int?> KeyVersion { get; } = new("--key-version")
    {
        Description = $"keyVersion of the merchant's key pair (overrides {CliSettings.KeyVersionVariable}).",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log every HTTP attempt to stderr (operation, path, status, duration; never headers or bodies).",
        Recursive = true,
    };

    public IEnumerable<Option> GlobalOptions => [BaseUrl, ApiKeyFile, RemovedApiKey, WorldFirstBaseUrl, ClientId, PrivateKeyFile, PublicKeyFile, KeyVersion, Verbose];

    /// <summary>The configuration for this invocation: environment, overridden by the flags.</summary>
    public CliSettings Settings(ParseResult parse) => CliSettings.From(Environment, new GlobalOverrides(
        KeySecureBaseUrl: Host(parse.GetValue(BaseUrl), "--base-url"),
        ApiKey: ApiKeyFrom(parse.GetValue(ApiKeyFile)),
        WorldFirstBaseUrl: Host(parse.GetValue(WorldFirstBaseUrl), "--worldfirst-base-url"),
        ClientId: parse.GetValue(ClientId),
        PrivateKeyFile: parse.GetValue(PrivateKeyFile),
        PublicKeyFile: parse.GetValue(PublicKeyFile),
        KeyVersion: parse.GetValue(KeyVersion),
        Verbose: parse.GetValue(Verbose)));

    /// <summary>One line of progress on stderr.</summary>
    public void Progress(string line) => Stderr.WriteLine(line);

    private static string? ApiKeyFrom(string? file)
    {
        if (file is null) return null;
        if (!File.Exists(file)) throw new CliUsageException($"Invalid input, nothing was sent: --api-key-file names a file that does not exist ({file}).");
        var key = File.ReadAllText(file).Trim();
        return key.Length > 0 ? key : throw new CliUsageException($"Invalid input, nothing was sent: --api-key-file {file} is empty.");
    }

    private static Uri? Host(string? value, string flag)
    {
        if (value is null) return null;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliUsageException($"Invalid input, nothing was sent: {flag} must be an absolute http(s) URL.");
    }
}
