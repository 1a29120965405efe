using KeySecure.Generated.Exceptions;
using Refit;

namespace KeySecure.Generated.Http;

/// <summary>
/// The one <see cref="RefitSettings"/> every generated client uses: the SDK's JSON (source-generated, required fields
/// checked), the path-parameter check, and the SDK's exceptions (from <see cref="SdkErrors"/>) instead of Refit's
/// <see cref="ApiException"/>.
/// </summary>
internal static class SdkRefitSettings
{
    public static RefitSettings Instance { get; } = Create();

    /// <summary>A Refit client over an HttpClient that the SDK's registration built (with its whole pipeline).</summary>
    public static T For<T>(HttpClient httpClient) where T : class => RestService.ForGenerated<T>(httpClient, Instance);

    private static RefitSettings Create() => new(new SdkContentSerializer(), new SdkUrlParameterFormatter())
    {
        // The serialized body goes on the request as the SDK's own content (not wrapped in Refit's push stream), so the
        // handlers see its bytes without a copy and it can tell when the transport writes it (RequestBodyContent).
        Buffered = true,
        // Both providers' handlers turn a non-success answer into an exception; this covers a handler a merchant added
        // outside them that answers by itself.
        ExceptionFactory = SdkErrors.FromRefitResponseAsync,
        DeserializationExceptionFactory = static (response, exception) => ValueTask.FromResult<Exception?>(SdkErrors.FromDeserialization(response, exception)),
        // The pipeline's own exceptions (typed SDK errors, cancellations, transport failures the resilience pipeline
        // already classified) reach the caller as they are, not wrapped in Refit's ApiRequestException.
        // HttpClient rewraps a cancellation the caller asked for in a TaskCanceledException of its own; the SDK's
        // CallCanceledException inside it is what says a write may have been applied, so that is what surfaces.
        TransportExceptionFactory = static (_, exception, _) => exception is OperationCanceledException { InnerException: CallCanceledException canceled } ? canceled : exception,
    };
}
