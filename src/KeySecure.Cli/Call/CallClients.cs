using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Cli.Call;

/// <summary>The SDK clients one <c>keysecure call</c> uses, built through the SDK's DI entry points for its provider only.</summary>
internal sealed class CallClients(ServiceProvider services) : IAsyncDisposable
{
    public static CallClients For(CallOperation operation, CliSettings settings, TextWriter stderr)
    {
        if (operation.IsWorldFirst) settings.RequireWorldFirst();
        else settings.RequireKeySecure();
        return new CallClients(SdkServices.Build(settings, stderr, keySecure: !operation.IsWorldFirst, worldFirst: operation.IsWorldFirst));
    }

    public KeySecureClient KeySecure => services.KeySecure();

    public IWorldCardClient WorldCard => services.WorldCard();

    /// <summary>The SDK's services of this call (its options and clock).</summary>
    public IServiceProvider Services => services;

    /// <summary>The clock the SDK waits on (WorldFirst's retry schedule under <c>--poll</c>).</summary>
    public TimeProvider Clock => services.GetRequiredService<TimeProvider>();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
