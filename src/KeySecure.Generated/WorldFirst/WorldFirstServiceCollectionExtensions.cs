using KeySecure.Generated;
using KeySecure.Generated.Http;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WorldFirst World Card client and its signing pipeline.</summary>
public static class WorldFirstServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the WorldFirst client uses (for <see cref="IHttpClientFactory"/>).</summary>
    public const string HttpClientName = "KeySecure.WorldFirst";

    /// <summary>
    /// Registers <see cref="IWorldCardClient"/> with request signing, response verification and S/F/U mapping.
    /// Options are validated at start-up; keys are parsed once and shared.
    /// </summary>
    /// <returns>The named client's builder, e.g. to add a resilience handler or replace the primary handler in tests.</returns>
    public static IHttpClientBuilder AddWorldFirst(this IServiceCollection services, Action<WorldFirstOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<WorldFirstOptions>().Configure(configure).ValidateOnStart();
        return AddCore(services);
    }

    /// <summary>Registers <see cref="IWorldCardClient"/> with options bound from a configuration section (usually <c>WorldFirst</c>).</summary>
    /// <returns>The named client's builder.</returns>
    public static IHttpClientBuilder AddWorldFirst(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<WorldFirstOptions>().Bind(section).ValidateOnStart();
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorldFirstOptions>, WorldFirstOptionsValidator>());
        services.TryAddSingleton<WorldFirstKeyHolder>();
        services.TryAddSingleton(provider => new WorldFirstPipeline(new ProviderPipeline(
            provider.GetRequiredService<IOptions<WorldFirstOptions>>().Value.Resilience, provider.GetRequiredService<TimeProvider>())));
        services.TryAddTransient<WorldFirstResultHandler>();
        services.TryAddTransient<WorldFirstVerificationHandler>();
        services.TryAddTransient<WorldFirstSigningHandler>();

        var builder = services.AddHttpClient(HttpClientName, (provider, client) =>
            client.BaseAddress = WithTrailingSlash(provider.GetRequiredService<IOptions<WorldFirstOptions>>().Value.BaseAddress!));
        // Refit's generated implementation as a typed client of the named HttpClient above.
        services.AddRefitGeneratedClient<IWorldCardClient>(SdkRefitSettings.Instance, HttpClientName);
        return AddPipeline(builder);
    }

    private static IHttpClientBuilder AddPipeline(IHttpClientBuilder builder) =>
        builder
            // Outermost first. Resilience sits outside signing so every attempt gets a fresh Request-Time and
            // signature; Result sits outside Verification so it only reads verified bodies; Signing is innermost so
            // the bytes it signs are the bytes that leave.
            .AddHttpMessageHandler(provider => provider.GetRequiredService<WorldFirstPipeline>().Shared.CreateHandler())
            .AddHttpMessageHandler(provider => new LoggingHandler(
                (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("KeySecure.Generated.WorldFirst")))
            .AddHttpMessageHandler<WorldFirstResultHandler>()
            .AddHttpMessageHandler<WorldFirstVerificationHandler>()
            .AddHttpMessageHandler<WorldFirstSigningHandler>()
            // The factory's own logging would otherwise be one setting away from printing the Signature header.
            .RedactLoggedHeaders(_ => true)
            // The SDK logs each attempt itself, redacted; the factory's own request loggers would log every call twice.
            .RemoveAllLoggers();

    // The generated paths are appended to the base address; a trailing slash keeps a base path intact.
    private static Uri WithTrailingSlash(Uri baseAddress) =>
        baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");

    // The resilience state outlives the handlers IHttpClientFactory recreates; one per container.
    private sealed record WorldFirstPipeline(ProviderPipeline Shared);
}
