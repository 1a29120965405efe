using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Turns <c>result.resultStatus</c> into the SDK's outcome: <c>S</c> passes the (already verified, buffered) body on to
/// the generated client; <c>F</c> throws <see cref="WorldFirstApiException"/>; <c>U</c> throws
/// <see cref="WorldFirstUnknownResultException"/>; an HTTP error, a non-JSON body or a body without a result throws
/// <see cref="ProviderResponseException"/>. An <c>S</c> whose <c>assetId</c> is not the request's throws
/// <see cref="WorldFirstSignatureException"/> (<see cref="WorldFirstSignaturePart.AssetIdMismatch"/>): a signature
/// proves who wrote an answer, not which question it answers. The tie fails closed: when the request's own
/// <c>assetId</c> cannot be read (absent, not a string, repeated), no <c>S</c> that names an asset or carries card
/// fields is used either. A body that repeats a
/// member read here (<c>result</c>, <c>assetId</c>, a result field) is unusable, never read last-wins.
/// </summary>
/// <remarks>Runs outside the verification handler, so it only ever reads bodies that passed verification.</remarks>
internal sealed class WorldFirstResultHandler(IOptions<WorldFirstOptions> options, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Read before sending: the signing handler below replaces the content with the bytes it signs, the same JSON.
        var requestedAssetId = request.Content switch
        {
            null => null,
            // The SDK's own serialization: its bytes, without a copy.
            Http.RequestBodyContent json => WorldFirstResultSnapshot.AssetIdOf(json.Body),
            var content => WorldFirstResultSnapshot.AssetIdOf(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)),
        };
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                // An error's body only ever becomes an excerpt: only the start of it is read.
                throw SdkErrors.HttpStatus("WorldFirst", (int)response.StatusCode,
                    await ResponseBody.ReadExcerptSourceAsync(response.Content, cancellationToken).ConfigureAwait(false),
                    CallContext.Of(request).Operation, response.Headers.RetryAfter, timeProvider.GetUtcNow());
            }
            var body = await WorldFirstBufferedContent.ReadAsync(response, options.Value.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
            Classify(request, response, body, requestedAssetId);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static void Classify(HttpRequestMessage request, HttpResponseMessage response, ReadOnlyMemory<byte> body, string? requestedAssetId)
    {
        var call = CallContext.Of(request);
        var operation = call.Operation;
        var snapshot = WorldFirstResultSnapshot.TryRead(body)
            ?? throw Unusable("WorldFirst answered with a body that is not a JSON object", response, ResponseBody.ExcerptSource(body.Span), operation);
        if (snapshot.RepeatedMember is { } repeated)
            throw Unusable($"WorldFirst answered with more than one '{repeated}' member", response, string.Empty, operation);

        var code = snapshot.Code ?? string.Empty;
        var verified = call.SignatureVerified;

        switch (snapshot.Status)
        {
            case "S" when !IsAnswerTo(snapshot, requestedAssetId):
                throw SdkErrors.Signature(WorldFirstSignaturePart.AssetIdMismatch, operation);
            case "S":
                return;
            case "F" or "U":
                throw SdkErrors.WorldFirstResult(unknown: snapshot.Status == "U", code, snapshot.Message, operation, verified);
            case null:
                throw Unusable("WorldFirst answered without result.resultStatus", response, string.Empty, operation);
            default:
                // Not S, so the caller must not treat it as success; not F/U, so there is no documented way to act on it.
                throw Unusable($"WorldFirst answered with an undocumented result.resultStatus '{Redaction.Excerpt(snapshot.Status, 16)}'",
                    response, string.Empty, operation);
        }
    }

    // The tie fails closed: when the request's assetId cannot be read, no answer that is about an asset (names one or
    // carries card fields) is used. Only an S about nothing (a bare result) needs no tie.
    private static bool IsAnswerTo(WorldFirstResultSnapshot snapshot, string? requestedAssetId) =>
        requestedAssetId is not null
            ? string.Equals(snapshot.AssetId, requestedAssetId, StringComparison.Ordinal)
            : snapshot.AssetId is null && !snapshot.HasCardData;

    // The exception keeps only a short, redacted excerpt of the body (see ProviderResponseException), built from its start.
    private static ProviderResponseException Unusable(string message, HttpResponseMessage response, string excerptSource, OperationMetadata? operation) =>
        SdkErrors.Unreadable(message, (int)response.StatusCode, excerptSource, operation);
}
