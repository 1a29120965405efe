using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Http;

/// <summary>
/// Registers Refit's source-generated implementation of a client interface as a typed client of a named HttpClient.
/// This is what Refit.HttpClientFactory's <c>AddRefitGeneratedClient</c> does, kept here because every version of that
/// package that has it depends on Microsoft.Extensions.Http 10.x for every target framework, which would pull the 10.x
/// Microsoft.Extensions line into a net8.0 merchant's service.
/// </summary>
internal static class GeneratedClientRegistration
{
    /// <summary>
    /// A transient <typeparamref name="T"/> over a new HttpClient of <paramref name="httpClientName"/> (its whole
    /// pipeline): the plain service for the default registration, a keyed one (keyed by the registration's name) for a
    /// named one, so both providers' clients are obtained the same way: injected, with <c>[FromKeyedServices(name)]</c>
    /// for a named registration.
    /// </summary>
    public static void AddGeneratedClient<T>(this IServiceCollection services, string httpClientName, string registration) where T : class
    {
        if (registration.Length == 0)
        {
            services.AddHttpClient(httpClientName).AddTypedClient(static (httpClient, _) => SdkRefitSettings.For<T>(httpClient));
        }
        else
        {
            services.AddKeyedTransient<T>(registration, (sp, _) =>
                SdkRefitSettings.For<T>(sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName)));
        }
    }
}
