using KeySecure.Generated;
using KeySecure.Generated.Http;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WorldFirst World Card client and its signing pipeline, the same way as <c>AddKeySecure</c>.</summary>
public static class WorldFirstServiceCollectionExtensions
{
    // Microsoft.Extensions.Options.Options.DefaultName; within this namespace `Options` names the sibling namespace.
    private const string DefaultName = "";

    /// <summary>
    /// Registers the default WorldFirst account and its injectable <see cref="IWorldCardClient"/>, with request signing,
    /// response verification and S/F/U mapping. Options are validated at start-up; keys are parsed once and shared.
    /// </summary>
    /// <returns>The HttpClient builder, to add handlers or replace the primary handler.</returns>
    public static IHttpClientBuilder AddWorldFirst(this IServiceCollection services, Action<WorldFirstOptions> configure) =>
        services.AddWorldFirst(DefaultName, configure);

    /// <summary>Registers the default WorldFirst account from a configuration section (usually <c>WorldFirst</c>).</summary>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWorldFirst(this IServiceCollection services, IConfiguration section) =>
        services.AddWorldFirst(DefaultName, section);

    /// <summary>Registers a named WorldFirst account from a configuration section.</summary>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWorldFirst(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<WorldFirstOptions>(name).Bind(section);
        return services.AddWorldFirst(name, static _ => { });
    }

    /// <summary>
    /// Registers a named WorldFirst account (every name has its own client ID, keys and pipeline). Its client is a keyed
    /// service under <paramref name="name"/>: <c>[FromKeyedServices("account-b")] IWorldCardClient worldCard</c>. A
    /// rotating OAuth token comes from an <see cref="IWorldFirstAccessTokenSource"/> registered under the same key
    /// (unkeyed for the default account).
    /// </summary>
    /// <returns>The HttpClient builder, to add handlers or replace the primary handler.</returns>
    public static IHttpClientBuilder AddWorldFirst(this IServiceCollection services, string name, Action<WorldFirstOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<WorldFirstOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorldFirstOptions>, WorldFirstOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorldFirstAccountRegistry>();

        var httpClientName = HttpClientNameOf(name);
        var builder = services.AddHttpClient(httpClientName, (provider, client) =>
            client.BaseAddress = WithTrailingSlash(provider.GetRequiredService<IOptionsMonitor<WorldFirstOptions>>().Get(name).Gateway!));
        // Refit's generated implementation over the named HttpClient above: injected for the default account, keyed by
        // name for a named one.
        services.AddGeneratedClient<IWorldCardClient>(httpClientName, name);
        // The order of the handlers is stated once, in WorldFirstPipelineBuilder.
        return WorldFirstPipelineBuilder.Add(builder, name);
    }

    /// <summary>The name of the HttpClient of the WorldFirst registration <paramref name="name"/>.</summary>
    internal static string HttpClientNameOf(string name) => name.Length == 0 ? "KeySecure.WorldFirst" : "KeySecure.WorldFirst:" + name;

    // The generated paths are appended to the base address; a trailing slash keeps a base path intact.
    private static Uri WithTrailingSlash(Uri baseAddress) =>
        baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
}
