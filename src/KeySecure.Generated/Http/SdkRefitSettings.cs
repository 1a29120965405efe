using System.Text;
using KeySecure.Generated.Exceptions;
using Refit;

namespace KeySecure.Generated.Http;

/// <summary>
/// The one <see cref="RefitSettings"/> every generated client uses: the SDK's JSON (source-generated, required fields
/// checked), the path-parameter check, and the SDK's exceptions instead of Refit's <see cref="ApiException"/>.
/// </summary>
internal static class SdkRefitSettings
{
    public static RefitSettings Instance { get; } = Create();

    /// <summary>A Refit client over an HttpClient that the SDK's registration built (with its whole pipeline).</summary>
    public static T For<T>(HttpClient httpClient) where T : class => RestService.ForGenerated<T>(httpClient, Instance);

    private static RefitSettings Create() => new(new SdkContentSerializer(), new SdkUrlParameterFormatter())
    {
        ExceptionFactory = HttpErrorAsync,
        DeserializationExceptionFactory = UnreadableBodyAsync,
        // The pipeline's own exceptions (typed SDK errors, cancellations, transport failures the resilience pipeline
        // already classified) reach the caller as they are, not wrapped in Refit's ApiRequestException.
        TransportExceptionFactory = static (_, exception, _) => exception,
    };

    // The KeySecure envelope handler already turns HTTP errors into exceptions; this covers WorldFirst and any other
    // non-success answer that reaches the client.
    private static async ValueTask<Exception?> HttpErrorAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return null;
        var body = await ResponseBody.ReadAllAsync(response.Content, CancellationToken.None).ConfigureAwait(false);
        return new ProviderResponseException(
            "The provider answered with an HTTP error", (int)response.StatusCode, Encoding.UTF8.GetString(body), OperationIdOf(response), null, null);
    }

    private static ValueTask<Exception?> UnreadableBodyAsync(HttpResponseMessage response, Exception exception) =>
        ValueTask.FromResult<Exception?>(exception switch
        {
            KeySecureException sdk => sdk,
            SdkContentSerializer.NullResponseException => new ProviderResponseException(
                exception.Message, (int)response.StatusCode, null, OperationIdOf(response), null, null),
            _ => new ProviderResponseException(
                "Could not read the response body as the spec's schema", (int)response.StatusCode, null, OperationIdOf(response), null, exception),
        });

    private static string? OperationIdOf(HttpResponseMessage response) =>
        response.RequestMessage is { } request ? OperationMetadata.Of(request)?.OperationId : null;
}
