using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Turns <c>result.resultStatus</c> into the SDK's outcome: <c>S</c> passes the (already verified, buffered) body on to
/// the generated client; <c>F</c> throws <see cref="WorldFirstApiException"/>; <c>U</c> throws
/// <see cref="WorldFirstUnknownResultException"/>; an HTTP error, a non-JSON body or a body without a result throws
/// <see cref="ProviderResponseException"/>. An <c>S</c> whose <c>assetId</c> is not the request's throws
/// <see cref="WorldFirstSignatureException"/> (<see cref="WorldFirstSignaturePart.AssetIdMismatch"/>): a signature
/// proves who wrote an answer, not which question it answers.
/// </summary>
/// <remarks>Runs outside the verification handler, so it only ever reads bodies that passed verification.</remarks>
internal sealed class WorldFirstResultHandler(TimeProvider timeProvider) : DelegatingHandler
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
            var body = await WorldFirstBufferedContent.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            Classify(request, response, body, requestedAssetId);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private void Classify(HttpRequestMessage request, HttpResponseMessage response, ReadOnlyMemory<byte> body, string? requestedAssetId)
    {
        var call = CallContext.Of(request);
        var operation = call.Operation;
        if (!response.IsSuccessStatusCode)
            throw SdkErrors.HttpStatus("WorldFirst", (int)response.StatusCode, body.Span, operation, response.Headers.RetryAfter, timeProvider.GetUtcNow());

        var snapshot = WorldFirstResultSnapshot.TryRead(body)
            ?? throw Unusable("WorldFirst answered with a body that is not a JSON object", response, body, operation);

        var code = snapshot.Code ?? string.Empty;
        var verified = call.SignatureVerified;

        switch (snapshot.Status)
        {
            case "S" when requestedAssetId is not null && !string.Equals(snapshot.AssetId, requestedAssetId, StringComparison.Ordinal):
                throw SdkErrors.Signature(WorldFirstSignaturePart.AssetIdMismatch, operation);
            case "S":
                return;
            case "F" or "U":
                throw SdkErrors.WorldFirstResult(unknown: snapshot.Status == "U", code, snapshot.Message, operation, verified);
            case null:
                throw Unusable("WorldFirst answered without result.resultStatus", response, ReadOnlyMemory<byte>.Empty, operation);
            default:
                // Not S, so the caller must not treat it as success; not F/U, so there is no documented way to act on it.
                throw Unusable($"WorldFirst answered with an undocumented result.resultStatus '{Redaction.Excerpt(snapshot.Status, 16)}'",
                    response, ReadOnlyMemory<byte>.Empty, operation);
        }
    }

    // The exception keeps only a short, redacted excerpt of the body (see ProviderResponseException).
    private static ProviderResponseException Unusable(string message, HttpResponseMessage response, ReadOnlyMemory<byte> body, OperationMetadata? operation) =>
        SdkErrors.Unreadable(message, (int)response.StatusCode, body.Span, operation);
}
