using System.Globalization;
using System.Net.Http.Headers;
using KeySecure.Generated.Http;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Signs every WorldFirst request (any method): <c>Client-Id</c>, <c>Request-Time</c>, optional
/// <c>Connected-AccountId</c>, optional <c>Access-Token</c> and <c>Signature</c> over
/// <c>&lt;METHOD&gt; &lt;path&gt;\n&lt;Client-Id&gt;.&lt;Request-Time&gt;.&lt;body&gt;</c>.
/// </summary>
/// <remarks>
/// The body is read once and sent as those very bytes, and <c>Request-Time</c> is added without validation so the
/// header on the wire is byte-for-byte the string that was signed: both are documented causes of INVALID_SIGNATURE.
/// <c>Access-Token</c> (OAuth) is not signed: the documented text to sign has no place for it (flagged as assumed in
/// worldfirst.yaml). It is asked for on every attempt, so a rotated token reaches the retry.
/// </remarks>
internal sealed class WorldFirstSigningHandler(
    WorldFirstKeyHolder keys, IOptions<WorldFirstOptions> options, IWorldFirstAccessTokenSource accessTokens, TimeProvider timeProvider)
    : DelegatingHandler
{
    private const string AccessTokenHeader = "Access-Token";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var accessToken = await accessTokens.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(accessToken) && !WorldFirstOptionsValidator.IsHeaderSafe(accessToken))
        {
            // The value is never repeated: it is a credential.
            throw Exceptions.SdkErrors.Invalid("Access-Token",
                $"the token from {nameof(IWorldFirstAccessTokenSource)} must be printable ASCII without spaces (it is a header)",
                Http.OperationMetadata.Of(request)?.OperationId);
        }
        var body = await ReplaceContentAsync(request, cancellationToken).ConfigureAwait(false);
        var requestTime = timeProvider.GetLocalNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var path = request.RequestUri!.AbsolutePath;

        var text = WorldFirstSignatureText.Build(request.Method.Method, path, settings.ClientId!, requestTime, body);
        // KeyVersion has no default and is validated at start-up.
        var signature = WorldFirstSignatureHeader.Format(settings.KeyVersion!.Value, keys.Sign(text));

        // Remove first: a resilience handler may send the same message again, which must be re-signed, not double-signed.
        Set(request, "Client-Id", settings.ClientId!);
        Set(request, "Request-Time", requestTime);
        Set(request, WorldFirstSignatureHeader.Name, signature);
        if (!string.IsNullOrEmpty(settings.ConnectedAccountId)) Set(request, "Connected-AccountId", settings.ConnectedAccountId);
        // Set or removed on every attempt: a source that stops returning a token must not leave the previous one behind.
        request.Headers.Remove(AccessTokenHeader);
        if (!string.IsNullOrEmpty(accessToken)) request.Headers.TryAddWithoutValidation(AccessTokenHeader, accessToken);

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReplaceContentAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (request.Content)
        {
            case null:
                return [];
            case RequestBodyContent json:
                // The SDK's own serialization (and, on a retry, the content this handler left): already a byte array
                // sent as is, so it is signed in place.
                json.Headers.ContentType = JsonUtf8();
                return json.Body;
        }

        var original = request.Content;
        var body = await original.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        // A content of the signed bytes: nothing downstream can re-serialize or re-encode them.
        request.Content = new RequestBodyContent(body, JsonUtf8());
        original.Dispose();
        return body;
    }

    // A new header object per request: MediaTypeHeaderValue is mutable, so it is not shared between requests.
    private static MediaTypeHeaderValue JsonUtf8() => new("application/json") { CharSet = "UTF-8" };

    private static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
