using KeySecure.Generated;
using KeySecure.Generated.Http;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        // The static WorldFirst:AccessToken unless the merchant registered a source of rotating tokens.
        services.TryAddSingleton<IWorldFirstAccessTokenSource, OptionsAccessTokenSource>();
        services.TryAddTransient<WorldFirstResultHandler>();
        services.TryAddTransient<WorldFirstVerificationHandler>();
        services.TryAddTransient<WorldFirstSigningHandler>();

        var builder = services.AddHttpClient(HttpClientName, (provider, client) =>
            client.BaseAddress = WithTrailingSlash(provider.GetRequiredService<IOptions<WorldFirstOptions>>().Value.Gateway!));
        // Refit's generated implementation as a typed client of the named HttpClient above.
        services.AddGeneratedClient<IWorldCardClient>(HttpClientName);
        // The order of the handlers is stated once, in WorldFirstPipelineBuilder.
        return WorldFirstPipelineBuilder.Add(builder);
    }

    // The generated paths are appended to the base address; a trailing slash keeps a base path intact.
    private static Uri WithTrailingSlash(Uri baseAddress) =>
        baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
}
