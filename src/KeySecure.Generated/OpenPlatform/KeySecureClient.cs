using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>
/// All KeySecure Open Platform clients of one merchant, sharing one pipeline, for the SDK's own tools (the CLI). A
/// merchant injects the single interfaces (<see cref="ICardsClient"/>, ...), keyed by name for a named merchant.
/// </summary>
internal sealed class KeySecureClient
{
    // Internal: only the SDK's registration builds the HttpClient that authenticates, encrypts and reads envelopes.
    internal KeySecureClient(HttpClient httpClient)
    {
        Token = SdkRefitSettings.For<ITokenClient>(httpClient);
        Cardholders = SdkRefitSettings.For<ICardholdersClient>(httpClient);
        Cards = SdkRefitSettings.For<ICardsClient>(httpClient);
        Consumptions = SdkRefitSettings.For<IConsumptionsClient>(httpClient);
        Pci = SdkRefitSettings.For<IPciClient>(httpClient);
        Accounts = SdkRefitSettings.For<IAccountsClient>(httpClient);
        Simulations = SdkRefitSettings.For<ISimulationsClient>(httpClient);
    }

    /// <summary>Get Token (the SDK fetches tokens itself; this is for diagnostics).</summary>
    internal ITokenClient Token { get; }

    /// <summary>Cardholders and KYC.</summary>
    public ICardholdersClient Cardholders { get; }

    /// <summary>Cards: apply, list, detail, private info, activation, status, PIN, packages, BINs.</summary>
    public ICardsClient Cards { get; }

    /// <summary>Consumptions.</summary>
    public IConsumptionsClient Consumptions { get; }

    /// <summary>PCI iframe token and PCI card detail.</summary>
    public IPciClient Pci { get; }

    /// <summary>Credit-mode accounts and transfers.</summary>
    public IAccountsClient Accounts { get; }

    /// <summary>Sandbox simulations that fire webhooks (the keysecure CLI drives them).</summary>
    internal ISimulationsClient Simulations { get; }
}

/// <summary>Creates the clients of a named merchant registration.</summary>
internal interface IKeySecureClientFactory
{
    /// <summary>The clients of the merchant registered under <paramref name="name"/> (empty for the default one).</summary>
    KeySecureClient Create(string name = "");
}
