using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Everything one WorldFirst registration keeps for the life of the process: its options, its RSA keys (parsed once)
/// and where its OAuth access token comes from. Handlers are recreated by IHttpClientFactory; this is not.
/// </summary>
internal sealed class WorldFirstAccount : IDisposable
{
    public WorldFirstAccount(string name, WorldFirstOptions options, IServiceProvider services)
    {
        Settings = Options.Create(options);
        Keys = new WorldFirstKeyHolder(Settings);
        // A source registered for this name (keyed by it; unkeyed for the default registration) replaces the static
        // WorldFirst:AccessToken, for a token that rotates.
        AccessTokens = (name.Length == 0
                ? services.GetService<IWorldFirstAccessTokenSource>()
                : services.GetKeyedService<IWorldFirstAccessTokenSource>(name))
            ?? new OptionsAccessTokenSource(Settings);
    }

    public IOptions<WorldFirstOptions> Settings { get; }

    public WorldFirstKeyHolder Keys { get; }

    public IWorldFirstAccessTokenSource AccessTokens { get; }

    public void Dispose() => Keys.Dispose();
}
