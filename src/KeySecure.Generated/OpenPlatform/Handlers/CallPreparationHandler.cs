using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform.Crypto;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// What a KeySecure call needs once, before the retries and before anything is sent: the fields the spec marks
/// (<c>x-keysecure-encrypted-fields</c>: the PIN, the CVV) checked and AES-encrypted, so callers pass plaintext; and
/// an <c>Access-Token</c> in hand, fetched here under the caller's own token rather than inside an attempt, so an
/// attempt timeout never cuts Get Token short. A call whose token cannot be had was never sent:
/// <see cref="RequestNotSentException"/> with <see cref="RequestNotSentReason.TokenUnavailable"/>.
/// </summary>
internal sealed class CallPreparationHandler(MerchantContext merchant) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationMetadata.Of(request);
        var encrypt = operation is { EncryptedFields.Count: > 0 } && request.Content is not null;
        var fetchToken = (operation?.Auth ?? OperationAuth.Token) == OperationAuth.Token && !merchant.Tokens.HasFreshToken;
        // Most calls have nothing to encrypt and a cached token: hand them on without an async state machine of our own.
        return encrypt || fetchToken
            ? PrepareThenSendAsync(request, encrypt ? operation : null, fetchToken, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> PrepareThenSendAsync(HttpRequestMessage request, OperationMetadata? encrypted, bool fetchToken, CancellationToken cancellationToken)
    {
        if (encrypted is not null) await EncryptFieldsAsync(request, encrypted, cancellationToken).ConfigureAwait(false);
        if (fetchToken)
        {
            try
            {
                // Handed to the first attempt: a token that is already inside the refresh margin when it arrives is
                // still used once rather than fetched again at once.
                CallContext.Of(request).PreparedToken = await merchant.Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                throw SdkErrors.NotSent(RequestNotSentReason.TokenUnavailable, OperationMetadata.Of(request), (failure as KeySecureException)?.RetryAfter, failure);
            }
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task EncryptFieldsAsync(HttpRequestMessage request, OperationMetadata operation, CancellationToken cancellationToken)
    {
        // The SDK's own body is read in place: reading it through the content would count as transmitting it.
        var original = request.Content!;
        var body = original is RequestBodyContent own
            ? own.Body
            : await original.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (JsonNode.Parse(body) is not JsonObject json)
        {
            throw SdkErrors.Invalid("body", "the request body must be a JSON object", operation.OperationId);
        }
        foreach (var field in operation.EncryptedFields)
        {
            var plaintext = json[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            PlaintextFieldRules.Validate(field, plaintext, operation.OperationId);
            json[field] = merchant.Cipher.Encrypt(plaintext!);
        }
        request.Content = new RequestBodyContent(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()),
            new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
        original.Dispose();
    }
}
