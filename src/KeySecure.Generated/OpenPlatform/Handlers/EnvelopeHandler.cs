using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// Opens the provider's <c>{code,msg,data}</c> envelope (<c>x-keysecure-envelope</c> in the spec). A non-zero
/// code becomes a <see cref="KeySecureApiException"/>; an HTTP error, an HTML page or broken JSON becomes a
/// <see cref="ProviderResponseException"/>; success hands the generated client only <c>data</c>, decrypted when the
/// spec marks the response encrypted. Every response's <c>Date</c> teaches the server clock.
/// </summary>
internal sealed class EnvelopeHandler : DelegatingHandler
{
    private static readonly byte[] JsonNull = "null"u8.ToArray();
    private readonly MerchantContext _merchant;

    public EnvelopeHandler(MerchantContext merchant) => _merchant = merchant;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationMetadata.Of(request);
        var operationId = operation?.OperationId;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _merchant.Clock.Observe(response.Headers.Date);

        byte[] body;
        try
        {
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var retryAfter = RetryAfterOf(response.Headers.RetryAfter, _merchant.Clock.Now);
            response.Dispose();
            throw new ProviderResponseException("The provider answered with an HTTP error", status, Encoding.UTF8.GetString(body), operationId, retryAfter, null);
        }

        var data = ReadEnvelope(body, (int)response.StatusCode, operationId, response.Headers.Date, out var failure);
        if (failure is not null)
        {
            response.Dispose();
            throw failure;
        }
        if (operation?.HasEncryptedResponse == true && data is { } encrypted)
        {
            data = DecryptData(encrypted, body, operationId);
        }

        var content = new ByteArrayContent(data ?? JsonNull);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        response.Content.Dispose();
        response.Content = content;
        return response;
    }

    // Returns the raw JSON of `data` (null when absent), or sets `failure` to the exception to throw.
    private static byte[]? ReadEnvelope(byte[] body, int status, string? operationId, DateTimeOffset? serverDate, out Exception? failure)
    {
        failure = null;
        string Text() => Encoding.UTF8.GetString(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("code", out var codeElement)
                || codeElement.ValueKind != JsonValueKind.Number
                || !codeElement.TryGetInt32(out var code))
            {
                failure = new ProviderResponseException("The response is JSON but not the provider's {code,msg,data} envelope", status, Text(), operationId, null, null);
                return null;
            }
            if (code != 0)
            {
                var msg = root.TryGetProperty("msg", out var msgElement) && msgElement.ValueKind == JsonValueKind.String ? msgElement.GetString() : null;
                failure = new KeySecureApiException(code, msg, operationId, serverDate);
                return null;
            }
            return root.TryGetProperty("data", out var data) && data.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                ? Encoding.UTF8.GetBytes(data.GetRawText())
                : null;
        }
        catch (JsonException e)
        {
            var what = body.Length == 0 ? "The response body is empty" : LooksLikeJson(body) ? "The response JSON is truncated or malformed" : "The response is not JSON";
            failure = new ProviderResponseException(what, status, Text(), operationId, null, e);
            return null;
        }
    }

    private byte[] DecryptData(byte[] dataJson, byte[] body, string? operationId)
    {
        string? ciphertext;
        try
        {
            ciphertext = JsonSerializer.Deserialize(dataJson, EnvelopeJsonContext.Default.String);
        }
        catch (JsonException)
        {
            ciphertext = null;
        }
        if (ciphertext is null)
        {
            throw new KeySecureCryptoException("The response's data should be an encrypted string but is not.", operationId);
        }
        var plaintext = _merchant.Cipher.Decrypt(ciphertext, operationId);
        try
        {
            using var check = JsonDocument.Parse(plaintext);
        }
        catch (JsonException e)
        {
            throw new KeySecureCryptoException("Decryption produced text that is not JSON: the ApiSecret may be wrong.", operationId, e);
        }
        return plaintext;
    }

    private static bool LooksLikeJson(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b is (byte)'{' or (byte)'[';
        }
        return false;
    }

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
