using KeySecure.Generated;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KeySecure.Cli;

/// <summary>Builds the SDK through its public DI entry points (<c>AddKeySecure</c>, <c>AddWorldFirst</c>).</summary>
internal static class SdkServices
{
    /// <summary>
    /// A container with the providers the command needs. The options are resolved here so that a bad setting fails
    /// with <see cref="OptionsValidationException"/> (exit code 2) before any request leaves.
    /// </summary>
    public static ServiceProvider Build(CliSettings settings, TextWriter stderr, bool keySecure, bool worldFirst, TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection();
        if (timeProvider is not null) services.AddSingleton(timeProvider);
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            if (settings.Verbose)
            {
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddProvider(new StderrLoggerProvider(stderr));
            }
            else
            {
                logging.SetMinimumLevel(LogLevel.None);
            }
        });
        if (keySecure) services.AddKeySecure(settings.Apply);
        // Separate runs (and processes) share one token: one fetches it, the others wait for it and reuse it.
        if (keySecure && settings.Redis is { } redis) services.AddKeySecureRedisTokenStore(redis);
        if (worldFirst) services.AddWorldFirst(settings.Apply);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            if (keySecure) _ = provider.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(Options.DefaultName);
            if (worldFirst) _ = provider.GetRequiredService<IOptions<WorldFirstOptions>>().Value;
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public static KeySecureClient KeySecure(this IServiceProvider provider) => provider.GetRequiredService<IKeySecureClientFactory>().Create();

    public static IWorldCardClient WorldCard(this IServiceProvider provider) => provider.GetRequiredService<IWorldCardClient>();
}

/// <summary>Writes the SDK's log lines (already redacted by design: no headers, no bodies) to stderr.</summary>
internal sealed class StderrLoggerProvider(TextWriter stderr) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(stderr, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter stderr, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            stderr.WriteLine($"  [{logLevel.ToString().ToLowerInvariant()[..4]}] {category}: {Redaction.Redact(formatter(state, exception))}");
        }
    }
}
