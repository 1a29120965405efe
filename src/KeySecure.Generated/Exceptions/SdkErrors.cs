using System.Net.Http.Headers;
using System.Text;
using KeySecure.Generated.Http;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace KeySecure.Generated.Exceptions;

/// <summary>
/// The one place the SDK creates its exceptions, for both providers: the handlers, the resilience pipeline's
/// translation, Refit's exception factories and the deserialization of applied writes all ask here, so a failure of a
/// given kind always carries the same status, excerpt, <c>Retry-After</c>, <see cref="KeySecureException.IsTransient"/>
/// and <see cref="KeySecureException.OutcomeUnknown"/>, decided by <see cref="CallOutcome"/>.
/// </summary>
internal static class SdkErrors
{
    /// <summary>A KeySecure envelope with a non-zero <c>code</c>.</summary>
    public static KeySecureApiException ProviderCode(int code, string? providerMessage, OperationMetadata? operation, DateTimeOffset? serverDate, int statusCode) =>
        new(code, providerMessage, operation, serverDate, statusCode);

    /// <summary>
    /// A WorldFirst <c>F</c> (<see cref="WorldFirstApiException"/>) or <c>U</c> (<see cref="WorldFirstUnknownResultException"/>).
    /// </summary>
    public static WorldFirstResultException WorldFirstResult(bool unknown, string resultCode, string? resultMessage, OperationMetadata? operation, bool isSignatureVerified) =>
        unknown
            ? new WorldFirstUnknownResultException(resultCode, resultMessage, operation?.OperationId, isSignatureVerified)
            : new WorldFirstApiException(resultCode, resultMessage, operation?.OperationId, isSignatureVerified);

    /// <summary>
    /// A non-success HTTP status (a 3xx is named as the redirect the SDK does not follow). <c>Retry-After</c> is read as
    /// seconds or as an HTTP date against <paramref name="now"/>. A 408 or 5xx to a write may have been applied.
    /// </summary>
    /// <remarks><paramref name="excerptSource"/> is the start of the body (<see cref="ResponseBody.ReadExcerptSourceAsync"/>): only an excerpt of it is ever shown.</remarks>
    public static ProviderResponseException HttpStatus(string provider, int statusCode, string? excerptSource, OperationMetadata? operation,
        RetryConditionHeaderValue? retryAfter, DateTimeOffset now) =>
        new(statusCode is >= 300 and < 400 ? $"{provider} answered with a redirect, which the SDK does not follow" : $"{provider} answered with an HTTP error",
            statusCode, excerptSource, operation, RetryAfterOf(retryAfter, now), null, CallOutcome.MayHaveBeenProcessed(statusCode, null));

    /// <summary>An answer whose body cannot be used (<paramref name="what"/> says how); for a 2xx to a write, its outcome is unknown.</summary>
    /// <remarks><paramref name="excerptSource"/> is the start of the body (<see cref="ResponseBody.ExcerptSource"/>): only an excerpt of it is ever shown.</remarks>
    public static ProviderResponseException Unreadable(string what, int statusCode, string? excerptSource, OperationMetadata? operation, Exception? innerException = null) =>
        new(what, statusCode, excerptSource, operation, null, innerException, CallOutcome.MayHaveBeenProcessed(statusCode, innerException));

    /// <summary>A write answered <c>code 0</c> (applied) whose <c>data</c> cannot be read.</summary>
    public static AppliedWriteUnreadableException AppliedWriteUnreadable(OperationMetadata operation, ReadOnlySpan<byte> data, Exception innerException) =>
        new(operation.OperationId, Encoding.UTF8.GetString(data), innerException);

    /// <summary>An AES field or answer that cannot be encrypted or decrypted; the message never carries either text.</summary>
    public static KeySecureCryptoException Crypto(string message, string? operationId, Exception? innerException = null) =>
        new(message, operationId, innerException);

    /// <summary>A WorldFirst answer whose signature (or asset tie) fails.</summary>
    public static WorldFirstSignatureException Signature(WorldFirstSignaturePart part, OperationMetadata? operation) =>
        new(part, operation?.OperationId);

    /// <summary>A webhook delivery that failed verification, for <paramref name="reason"/>.</summary>
    public static KeySecureWebhookException Webhook(WebhookFailureReason reason, Exception? innerException) =>
        new(reason, innerException);

    /// <summary>Input refused before anything was sent; names the field and the rule, never the value.</summary>
    public static KeySecureValidationException Invalid(string field, string rule, string? operationId) =>
        new(field, rule, operationId);

    /// <summary>
    /// A network failure of an attempt. <paramref name="mayHaveLeft"/> (see <see cref="CallOutcome.MayHaveLeft"/>) says
    /// whether the provider may have received a request it could act on.
    /// </summary>
    public static ProviderResponseException Transport(Exception network, OperationMetadata? operation, bool mayHaveLeft)
    {
        var error = network is HttpRequestException http ? http.HttpRequestError : (network as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown;
        var what = mayHaveLeft
            ? $"Network failure after the request may have been sent ({error})"
            : $"Network failure before the request was sent ({error})";
        return new ProviderResponseException(what, 0, null, operation, null, network, mayHaveLeft);
    }

    /// <summary>
    /// What the caller gets when the resilience pipeline gave up: a timeout (outcome unknown for a write that may have
    /// reached the provider), an open circuit or a full limiter (nothing sent); null when <paramref name="failure"/>
    /// passes unchanged.
    /// </summary>
    public static Exception? FromPipeline(Exception failure, CallContext call) => failure switch
    {
        TimeoutRejectedException timeout => new ProviderResponseException(
            $"Timed out after {call.Attempts} attempt(s) (limit {timeout.Timeout.TotalSeconds:0.###} s)", 0, null, call.Operation, null, timeout, call.MayHaveReachedServer),
        BrokenCircuitException broken => NotSent(RequestNotSentReason.CircuitOpen, call.Operation, broken.RetryAfter, broken),
        RateLimiterRejectedException rejected => NotSent(RequestNotSentReason.ConcurrencyLimit, call.Operation, rejected.RetryAfter, rejected),
        _ => null,
    };

    /// <summary>Get Token answered <c>code 0</c> without an <c>access_token</c>.</summary>
    public static ProviderResponseException TokenWithoutValue() =>
        new("Get Token succeeded but returned no access_token", 200, null, "GetToken", null, null);

    /// <summary>A call the SDK did not send (limiter, circuit, no token).</summary>
    public static RequestNotSentException NotSent(RequestNotSentReason reason, OperationMetadata? operation, TimeSpan? retryAfter, Exception? innerException) =>
        new(reason, operation?.OperationId, retryAfter, innerException);

    /// <summary>
    /// The caller's cancellation of <paramref name="call"/>: a <see cref="CallCanceledException"/> (outcome unknown)
    /// when the call changes state or moves money and may have reached the provider, else a plain cancellation.
    /// </summary>
    public static OperationCanceledException Cancelled(CallContext call, Exception innerException, CancellationToken cancellationToken) =>
        CallOutcome.IsUnknown(call.Operation, call.MayHaveReachedServer)
            ? new CallCanceledException(call.Operation?.OperationId, innerException, cancellationToken)
            : innerException is OperationCanceledException plain && plain.CancellationToken == cancellationToken
                ? plain
                : new OperationCanceledException("The call was cancelled by the caller.", innerException, cancellationToken);

    /// <summary>Refit's exception factory: a non-success answer that reached the generated client without a handler turning it into an exception.</summary>
    public static async ValueTask<Exception?> FromRefitResponseAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return null;
        var excerpt = await ResponseBody.ReadExcerptSourceAsync(response.Content, CancellationToken.None).ConfigureAwait(false);
        return HttpStatus("The provider", (int)response.StatusCode, excerpt, OperationOf(response), response.Headers.RetryAfter, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Refit's deserialization exception factory: a body that cannot be read as the spec's schema. A KeySecure write's
    /// applied data arrives already typed (<see cref="AppliedWriteUnreadableException"/>).
    /// </summary>
    public static Exception FromDeserialization(HttpResponseMessage response, Exception exception) => exception switch
    {
        KeySecureException sdk => sdk,
        SdkContentSerializer.NullResponseException => Unreadable(exception.Message, (int)response.StatusCode, null, OperationOf(response)),
        _ => Unreadable("Could not read the response body as the spec's schema", (int)response.StatusCode, null, OperationOf(response), exception),
    };

    /// <summary><c>Retry-After</c> as a delay: seconds as given, an HTTP date as the time left until then.</summary>
    public static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static OperationMetadata? OperationOf(HttpResponseMessage response) =>
        response.RequestMessage is { } request ? OperationMetadata.Of(request) : null;
}
