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

    // KeySecure's EnvelopeReader already turns HTTP errors into exceptions; this covers WorldFirst and any other
    // non-success answer that reaches the client. A 408 or 5xx to a write may have been applied (CallOutcome decides).
    private static async ValueTask<Exception?> HttpErrorAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return null;
        // Only an excerpt of an error's body is ever shown, so only its start is read.
        var text = await ResponseBody.ReadExcerptSourceAsync(response.Content, CancellationToken.None).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return new ProviderResponseException(
            "The provider answered with an HTTP error", status, text, OperationOf(response),
            response.Headers.RetryAfter?.Delta, null, mayHaveReachedServer: CallOutcome.MayHaveBeenProcessed(status, null));
    }

    // A body that cannot be read as the spec's schema: for a 2xx the provider processed the call, so a write reports
    // OutcomeUnknown (a KeySecure write whose applied data cannot be read arrives here already typed, as
    // AppliedWriteUnreadableException from EnvelopeDataContent).
    private static ValueTask<Exception?> UnreadableBodyAsync(HttpResponseMessage response, Exception exception)
    {
        var status = (int)response.StatusCode;
        var mayHaveReachedServer = CallOutcome.MayHaveBeenProcessed(status, null);
        return ValueTask.FromResult<Exception?>(exception switch
        {
            KeySecureException sdk => sdk,
            SdkContentSerializer.NullResponseException => new ProviderResponseException(
                exception.Message, status, null, OperationOf(response), null, null, mayHaveReachedServer),
            _ => new ProviderResponseException(
                "Could not read the response body as the spec's schema", status, null, OperationOf(response), null, exception, mayHaveReachedServer),
        });
    }

    private static OperationMetadata? OperationOf(HttpResponseMessage response) =>
        response.RequestMessage is { } request ? OperationMetadata.Of(request) : null;
}
