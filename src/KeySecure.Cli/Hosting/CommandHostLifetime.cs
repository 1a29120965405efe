using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KeySecure.Cli.Hosting;

/// <summary>
/// The <see cref="IHostLifetime"/> of every host a command starts (webhook receivers, listeners): it installs no
/// signal handlers (the default <c>ConsoleLifetime</c> would take SIGTERM for itself, stop only its host and leave the
/// command waiting) and stops the host when the command's token is cancelled, so the host and the command end together.
/// </summary>
internal sealed class CommandHostLifetime(CancellationToken commandToken, IHostApplicationLifetime application) : IHostLifetime, IDisposable
{
    private CancellationTokenRegistration _stopOnCancel;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _stopOnCancel = commandToken.Register(application.StopApplication);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopOnCancel.Dispose();
}

/// <summary>Registers <see cref="CommandHostLifetime"/>.</summary>
internal static class CommandHostLifetimeExtensions
{
    /// <summary>Makes the host stop with the command (<paramref name="commandToken"/>) and leave signals to <see cref="ShutdownSignals"/>.</summary>
    public static IServiceCollection UseCommandLifetime(this IServiceCollection services, CancellationToken commandToken) =>
        services.AddSingleton<IHostLifetime>(provider =>
            new CommandHostLifetime(commandToken, provider.GetRequiredService<IHostApplicationLifetime>()));
}
