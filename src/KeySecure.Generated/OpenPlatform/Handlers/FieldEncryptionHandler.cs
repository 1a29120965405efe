using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform.Crypto;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// Checks and AES-encrypts the request fields the spec marks (<c>x-keysecure-encrypted-fields</c>: the PIN, the
/// CVV), so callers pass plaintext. It runs once per call, outside the retries, and before anything is sent.
/// </summary>
internal sealed class FieldEncryptionHandler : DelegatingHandler
{
    private readonly AesEcbCipher _cipher;

    public FieldEncryptionHandler(AesEcbCipher cipher) => _cipher = cipher;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationMetadata.Of(request);
        // Most operations have nothing to encrypt: hand the request on without an async state machine of our own.
        return operation is { EncryptedFields.Count: > 0 } && request.Content is not null
            ? EncryptThenSendAsync(request, operation, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> EncryptThenSendAsync(HttpRequestMessage request, OperationMetadata operation, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (JsonNode.Parse(body) is not JsonObject json)
        {
            throw new KeySecureValidationException("body", "the request body must be a JSON object", operation.OperationId);
        }
        foreach (var field in operation.EncryptedFields)
        {
            var plaintext = json[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            PlaintextFieldRules.Validate(field, plaintext, operation.OperationId);
            json[field] = _cipher.Encrypt(plaintext!);
        }
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Content.Dispose();
        request.Content = content;
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
