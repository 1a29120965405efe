using Microsoft.Extensions.Options;

namespace KeySecure.Generated.OpenPlatform;

internal sealed class KeySecureClientFactory : IKeySecureClientFactory
{
    private readonly IHttpClientFactory _httpClients;
    private readonly IOptions<KeySecureRegistrations> _registrations;
    private readonly IOptionsMonitor<KeySecureOptions> _options;

    public KeySecureClientFactory(IHttpClientFactory httpClients, IOptions<KeySecureRegistrations> registrations, IOptionsMonitor<KeySecureOptions> options)
    {
        _httpClients = httpClients;
        _registrations = registrations;
        _options = options;
    }

    public KeySecureClient Create(string name = "") => new(CreateHttpClient(name));

    /// <summary>The named merchant's HttpClient (its whole pipeline), after checking the name and its options.</summary>
    public HttpClient CreateHttpClient(string name)
    {
        if (!_registrations.Value.Names.Contains(name))
        {
            throw new InvalidOperationException(name.Length == 0
                ? "No default KeySecure merchant is registered: call services.AddKeySecure(options => ...)."
                : $"No KeySecure merchant named '{name}' is registered: call services.AddKeySecure(\"{name}\", options => ...).");
        }
        // Resolving the options validates them, so a bad setting surfaces here even without a host's ValidateOnStart.
        _ = _options.Get(name);
        return _httpClients.CreateClient(KeySecureRegistrations.HttpClientName(name));
    }
}

/// <summary>The merchant names registered with AddKeySecure.</summary>
internal sealed class KeySecureRegistrations
{
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    public static string HttpClientName(string name) => "KeySecure.Generated.OpenPlatform:" + name;
}
