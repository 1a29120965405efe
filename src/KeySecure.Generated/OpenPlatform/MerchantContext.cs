using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform.Auth;
using KeySecure.Generated.OpenPlatform.Crypto;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>
/// Everything one KeySecure merchant registration keeps for the life of the process: its options, AES key
/// schedule, server clock and token. Handlers are recreated by IHttpClientFactory; this is not. (The resilience state
/// lives in the pipeline registry of Microsoft.Extensions.Http.Resilience, one pipeline per registration.)
/// </summary>
internal sealed class MerchantContext : IDisposable
{
    // createHttpClient: the merchant's HttpClient; Get Token runs there on a resilience pipeline of its own (see KeySecurePipelineBuilder).
    public MerchantContext(string name, KeySecureOptions options, TimeProvider time, IKeySecureTokenStore store, Func<HttpClient> createHttpClient, ILogger tokenLogger)
    {
        Name = name;
        Options = options;
        Clock = new ServerClock(time);
        Cipher = new AesEcbCipher(options.ApiSecret);
        Tokens = new AccessTokenProvider(store, Clock, options, ct => SdkRefitSettings.For<ITokenClient>(createHttpClient()).GetTokenAsync(ct), tokenLogger);
    }

    public string Name { get; }

    public KeySecureOptions Options { get; }

    public ServerClock Clock { get; }

    public AesEcbCipher Cipher { get; }

    public AccessTokenProvider Tokens { get; }

    public void Dispose() => Cipher.Dispose();
}
