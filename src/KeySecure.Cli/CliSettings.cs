using System.Globalization;
using KeySecure.Generated;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Cli;

/// <summary>
/// The tool's configuration: environment variables, overridden by the global flags. Secrets (the Api-Key, the API
/// secret, the private key) come only from the environment or files, never from flag values, so they stay out of
/// shell history and the process list.
/// </summary>
public sealed class CliSettings
{
    /// <summary>Environment variable: the KeySecure host (the SDK appends <c>/open-api/v1/</c>).</summary>
    public const string KeySecureBaseUrlVariable = "KEYSECURE_BASE_URL";
    /// <summary>Environment variable: the merchant's Api-Key.</summary>
    public const string ApiKeyVariable = "KEYSECURE_API_KEY";
    /// <summary>Environment variable: the merchant's apiSecret (AES key and webhook HMAC key).</summary>
    public const string ApiSecretVariable = "KEYSECURE_API_SECRET";
    /// <summary>Environment variable: the WorldFirst gateway host (a proxy or the sandbox); replaces <see cref="WorldFirstRegionVariable"/>.</summary>
    public const string WorldFirstBaseUrlVariable = "WORLDFIRST_BASE_URL";
    /// <summary>Environment variable: the WorldFirst gateway assigned to the merchant, <c>SG</c>, <c>EU</c> or <c>US</c>.</summary>
    public const string WorldFirstRegionVariable = "WORLDFIRST_REGION";
    /// <summary>Environment variable: the WorldFirst Client-Id.</summary>
    public const string ClientIdVariable = "WORLDFIRST_CLIENT_ID";
    /// <summary>Environment variable: path of the merchant's RSA private key (PKCS#8 PEM).</summary>
    public const string PrivateKeyFileVariable = "WORLDFIRST_PRIVATE_KEY_FILE";
    /// <summary>Environment variable: path of WorldFirst's RSA public key (X.509 SubjectPublicKeyInfo PEM).</summary>
    public const string PublicKeyFileVariable = "WORLDFIRST_PUBLIC_KEY_FILE";
    /// <summary>Environment variable: the keyVersion of the merchant's key pair (required: WorldFirst states no default).</summary>
    public const string KeyVersionVariable = "WORLDFIRST_KEY_VERSION";
    /// <summary>Environment variable: the OAuth access token sent as <c>Access-Token</c> when the merchant is authorised through OAuth.</summary>
    public const string WorldFirstAccessTokenVariable = "WORLDFIRST_ACCESS_TOKEN";
    /// <summary>Optional environment variable: retries allowed for retry-safe calls (the SDK's default is 3).</summary>
    public const string MaxRetriesVariable = "KEYSECURE_MAX_RETRIES";
    /// <summary>Optional environment variable: the first retry backoff in milliseconds (the SDK's default is 2000).</summary>
    public const string RetryBaseDelayVariable = "KEYSECURE_RETRY_BASE_DELAY_MS";
    /// <summary>Optional environment variable: a Redis connection string; separate runs then share one access token.</summary>
    public const string RedisVariable = "KEYSECURE_REDIS";

    /// <summary>The KeySecure host, or null when not configured.</summary>
    public Uri? KeySecureBaseUrl { get; init; }

    /// <summary>The merchant's Api-Key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The merchant's apiSecret.</summary>
    public string? ApiSecret { get; init; }

    /// <summary>The WorldFirst gateway host, or null when not configured.</summary>
    public Uri? WorldFirstBaseUrl { get; init; }

    /// <summary>The WorldFirst region, or null when not configured.</summary>
    public WorldFirstRegion? WorldFirstRegion { get; init; }

    /// <summary>Where WorldFirst requests go: the base URL when set, else the region's documented gateway.</summary>
    public Uri? WorldFirstGateway => WorldFirstBaseUrl ?? (WorldFirstRegion is { } region ? WorldFirstGateways.For(region) : null);

    /// <summary>The WorldFirst Client-Id.</summary>
    public string? ClientId { get; init; }

    /// <summary>Path of the merchant's private key file.</summary>
    public string? PrivateKeyFile { get; init; }

    /// <summary>Path of WorldFirst's public key file.</summary>
    public string? PublicKeyFile { get; init; }

    /// <summary>The merchant's private key as PEM text (the tour passes the sandbox's keys this way).</summary>
    public string? PrivateKeyPem { get; init; }

    /// <summary>WorldFirst's public key as PEM text.</summary>
    public string? PublicKeyPem { get; init; }

    /// <summary>The key version; required for WorldFirst.</summary>
    public int? KeyVersion { get; init; }

    /// <summary>The WorldFirst OAuth access token, or null when the merchant is not authorised through OAuth.</summary>
    public string? WorldFirstAccessToken { get; init; }

    /// <summary>Retries for retry-safe calls, or null for the SDK's default.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The first retry backoff, or null for the SDK's default.</summary>
    public TimeSpan? RetryBaseDelay { get; init; }

    /// <summary>A Redis connection string for the shared token store, or null to keep the token in memory.</summary>
    public string? Redis { get; init; }

    /// <summary>Logs every HTTP attempt (redacted: operation, path, status, duration) to stderr.</summary>
    public bool Verbose { get; init; }

    /// <summary>True when a KeySecure host is configured.</summary>
    public bool HasKeySecure => KeySecureBaseUrl is not null;

    /// <summary>True when a WorldFirst gateway is configured.</summary>
    public bool HasWorldFirst => WorldFirstGateway is not null;

    /// <summary>Reads the environment and applies the flag overrides; malformed values are a <see cref="CliUsageException"/>.</summary>
    public static CliSettings From(IDictionary<string, string?> environment, GlobalOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(overrides);
        string? Env(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        return new CliSettings
        {
            KeySecureBaseUrl = overrides.KeySecureBaseUrl ?? ParseHost(Env(KeySecureBaseUrlVariable), KeySecureBaseUrlVariable),
            ApiKey = overrides.ApiKey ?? Env(ApiKeyVariable),
            // Not trimmed: whitespace may be part of a secret.
            ApiSecret = environment.TryGetValue(ApiSecretVariable, out var secret) && !string.IsNullOrEmpty(secret) ? secret : null,
            WorldFirstBaseUrl = overrides.WorldFirstBaseUrl ?? ParseHost(Env(WorldFirstBaseUrlVariable), WorldFirstBaseUrlVariable),
            WorldFirstRegion = ParseRegion(Env(WorldFirstRegionVariable)),
            ClientId = overrides.ClientId ?? Env(ClientIdVariable),
            PrivateKeyFile = overrides.PrivateKeyFile ?? Env(PrivateKeyFileVariable),
            PublicKeyFile = overrides.PublicKeyFile ?? Env(PublicKeyFileVariable),
            KeyVersion = overrides.KeyVersion ?? ParseInt(Env(KeyVersionVariable), KeyVersionVariable, 1, int.MaxValue),
            // Environment only, like the API secret: a token on the command line would sit in shell history.
            WorldFirstAccessToken = Env(WorldFirstAccessTokenVariable),
            MaxRetries = ParseInt(Env(MaxRetriesVariable), MaxRetriesVariable, 0, 10),
            RetryBaseDelay = ParseInt(Env(RetryBaseDelayVariable), RetryBaseDelayVariable, 0, 60_000) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            // Not trimmed either: it may carry a password.
            Redis = environment.TryGetValue(RedisVariable, out var redis) && !string.IsNullOrWhiteSpace(redis) ? redis : null,
            Verbose = overrides.Verbose,
        };
    }

    /// <summary>Throws <see cref="CliUsageException"/> naming every missing KeySecure setting.</summary>
    public void RequireKeySecure()
    {
        var missing = new List<string>();
        if (KeySecureBaseUrl is null) missing.Add($"{KeySecureBaseUrlVariable} (or --base-url)");
        if (ApiKey is null) missing.Add($"{ApiKeyVariable} (or --api-key-file)");
        if (ApiSecret is null) missing.Add(ApiSecretVariable);
        if (missing.Count > 0)
        {
            throw new CliUsageException($"Missing configuration, nothing was sent: set {string.Join(", ", missing)}.");
        }
    }

    /// <summary>Throws <see cref="CliUsageException"/> naming every missing WorldFirst setting.</summary>
    public void RequireWorldFirst()
    {
        var missing = new List<string>();
        if (WorldFirstGateway is null) missing.Add($"{WorldFirstRegionVariable} (SG, EU or US) or {WorldFirstBaseUrlVariable} (or --worldfirst-base-url)");
        if (ClientId is null) missing.Add($"{ClientIdVariable} (or --client-id)");
        if (PrivateKeyFile is null && PrivateKeyPem is null) missing.Add($"{PrivateKeyFileVariable} (or --private-key-file)");
        if (PublicKeyFile is null && PublicKeyPem is null) missing.Add($"{PublicKeyFileVariable} (or --public-key-file)");
        if (KeyVersion is null) missing.Add($"{KeyVersionVariable} (or --key-version)");
        if (missing.Count > 0)
        {
            throw new CliUsageException($"Missing configuration, nothing was sent: set {string.Join(", ", missing)}.");
        }
        foreach (var (file, variable) in new[] { (PrivateKeyFile, PrivateKeyFileVariable), (PublicKeyFile, PublicKeyFileVariable) })
        {
            if (file is not null && !File.Exists(file))
            {
                throw new CliUsageException($"Invalid configuration, nothing was sent: {variable} names a file that does not exist ({file}).");
            }
        }
    }

    // 0 retries switches them off: the library counts at least 1, and a predicate of the merchant's own that declines
    // every failure narrows the SDK's rules to none.
    private void ApplyRetries(Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions retry)
    {
        if (MaxRetries is 0) retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        else if (MaxRetries is { } retries) retry.MaxRetryAttempts = retries;
        if (RetryBaseDelay is { } delay) retry.Delay = delay;
    }

    /// <summary>Copies the KeySecure settings into the SDK's options.</summary>
    public void Apply(KeySecureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = KeySecureBaseUrl ?? options.BaseAddress;
        options.ApiKey = ApiKey ?? string.Empty;
        options.ApiSecret = ApiSecret ?? string.Empty;
        ApplyRetries(options.Resilience.Retry);
    }

    /// <summary>Copies the WorldFirst settings into the SDK's options.</summary>
    public void Apply(WorldFirstOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = WorldFirstBaseUrl;
        options.Region = WorldFirstBaseUrl is null ? WorldFirstRegion : null;
        options.ClientId = ClientId;
        options.PrivateKeyFile = PrivateKeyPem is null ? PrivateKeyFile : null;
        options.PrivateKeyPem = PrivateKeyPem;
        options.WorldFirstPublicKeyFile = PublicKeyPem is null ? PublicKeyFile : null;
        options.WorldFirstPublicKeyPem = PublicKeyPem;
        options.KeyVersion = KeyVersion;
        options.AccessToken = WorldFirstAccessToken;
        ApplyRetries(options.Resilience.Retry);
    }

    private static Uri? ParseHost(string? value, string variable)
    {
        if (value is null) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"Invalid configuration, nothing was sent: {variable} must be an absolute http(s) URL such as https://sandbox-openplatform.keysecure.io.");
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new CliUsageException($"Invalid configuration, nothing was sent: {variable} must use https unless the host is loopback (localhost, 127.0.0.1, ::1).");
        }
        return uri;
    }

    private static WorldFirstRegion? ParseRegion(string? value) => value?.ToUpperInvariant() switch
    {
        null => null,
        "SG" or "SINGAPORE" => Generated.WorldFirst.WorldFirstRegion.Singapore,
        "EU" or "EUROPE" => Generated.WorldFirst.WorldFirstRegion.Europe,
        "US" or "UNITEDSTATES" => Generated.WorldFirst.WorldFirstRegion.UnitedStates,
        _ => throw new CliUsageException($"Invalid configuration, nothing was sent: {WorldFirstRegionVariable} must be SG (open-sea.worldfirst.com), EU (open-eu.worldfirst.com) or US (open-na.worldfirst.com)."),
    };

    private static int? ParseInt(string? value, string variable, int min, int max)
    {
        if (value is null) return null;
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new CliUsageException($"Invalid configuration, nothing was sent: {variable} must be a whole number between {min} and {max}.");
        }
        return number;
    }
}

/// <summary>The values of the global flags that override environment variables (null when the flag is absent).</summary>
public sealed record GlobalOverrides(
    Uri? KeySecureBaseUrl = null,
    string? ApiKey = null,
    Uri? WorldFirstBaseUrl = null,
    string? ClientId = null,
    string? PrivateKeyFile = null,
    string? PublicKeyFile = null,
    int? KeyVersion = null,
    bool Verbose = false);
