using System.Net.Http.Headers;
using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// Opens the provider's <c>{code,msg,data}</c> envelope (<c>x-keysecure-envelope</c> in the spec). A non-zero
/// code becomes a <see cref="KeySecureApiException"/>; an HTTP error, an HTML page or broken JSON becomes a
/// <see cref="ProviderResponseException"/>; success hands the generated client only <c>data</c>, decrypted when the
/// spec marks the response encrypted. Only the <c>Date</c> of an answer that is the provider's envelope teaches the
/// server clock. An envelope that repeats <c>code</c>, <c>msg</c> or <c>data</c> is unreadable, never read last-wins.
/// The <c>data</c> of a call is handed on as <see cref="EnvelopeDataContent"/>, a slice of the pooled body: for a call
/// that changes state or moves money, code 0 means the change was applied, so data that cannot be read must not look
/// like a failure of the call. A body is read up to <see cref="KeySecureOptions.MaxResponseBodyBytes"/>.
/// </summary>
internal sealed class EnvelopeReader
{
    private static readonly ArraySegment<byte> JsonNull = "null"u8.ToArray();
    private readonly MerchantContext _merchant;

    public EnvelopeReader(MerchantContext merchant) => _merchant = merchant;

    /// <summary>
    /// Opens the envelope of <paramref name="response"/> to <paramref name="operation"/>: returns it with <c>data</c> as
    /// its content, or disposes it and throws.
    /// </summary>
    public async ValueTask<HttpResponseMessage> OpenAsync(HttpResponseMessage response, OperationMetadata? operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await HttpErrorAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }

        PooledBody body;
        try
        {
            body = await ResponseBody.ReadPooledAsync(response, _merchant.Options.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        // From here the pooled body is returned here, unless the content handed on takes it over.
        var handedOver = false;
        try
        {
            var data = ReadEnvelope(body.Bytes, (int)response.StatusCode, operation, response.Headers.Date, out var failure);
            // Only the provider's own answers teach the clock: a proxy's page or a broken body may carry any Date.
            if (failure is null or KeySecureApiException) _merchant.Clock.Observe(response.Headers.Date);
            if (failure is not null)
            {
                response.Dispose();
                throw failure;
            }

            EnvelopeDataContent content;
            if (data.Count == 0)
            {
                content = new EnvelopeDataContent(JsonNull, operation, pooled: null);
            }
            else if (operation?.HasEncryptedResponse == true)
            {
                content = new EnvelopeDataContent(DecryptData(data, operation.OperationId), operation, pooled: null);
            }
            else
            {
                content = new EnvelopeDataContent(data, operation, body.Array);
                handedOver = true;
            }
            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        finally
        {
            if (!handedOver) body.Return();
        }
    }

    // One pass over the body with Utf8JsonReader: no document is built and `data` is handed on as a slice of the
    // original bytes. Reading to the end also rejects truncated or trailing garbage. Returns the slice of `data`
    // (empty when absent or null), or sets `failure` to the exception to throw.
    private static ArraySegment<byte> ReadEnvelope(ArraySegment<byte> body, int status, OperationMetadata? operation, DateTimeOffset? serverDate, out Exception? failure)
    {
        failure = null;
        try
        {
            var reader = new Utf8JsonReader(body.AsSpan(), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                failure = NotAnEnvelope(body, status, operation);
                return default;
            }
            int? code = null;
            string? msg = null;
            var data = ArraySegment<byte>.Empty;
            var seen = EnvelopeMember.Other;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = reader.ValueTextEquals("code"u8) ? EnvelopeMember.Code
                    : reader.ValueTextEquals("msg"u8) ? EnvelopeMember.Msg
                    : reader.ValueTextEquals("data"u8) ? EnvelopeMember.Data
                    : EnvelopeMember.Other;
                if ((seen & member) != 0)
                {
                    // Which one would the provider have meant? Last-wins could turn "code":0 into a refusal (or the
                    // reverse), so the answer is unreadable, as a write's answer then must be: its outcome is unknown.
                    failure = Unreadable($"The response envelope has more than one '{NameOf(member)}' member", body, status, operation, null);
                    return default;
                }
                seen |= member;
                reader.Read();
                switch (member)
                {
                    case EnvelopeMember.Code:
                        code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
                        break;
                    case EnvelopeMember.Msg:
                        msg = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case EnvelopeMember.Data when reader.TokenType != JsonTokenType.Null:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        data = body.Slice(start, (int)reader.BytesConsumed - start);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            while (reader.Read())
            {
                // Reaches the end of the input so a truncated body fails here rather than in the generated client.
            }
            if (code is not { } envelopeCode)
            {
                failure = NotAnEnvelope(body, status, operation);
                return default;
            }
            if (envelopeCode != 0)
            {
                failure = SdkErrors.ProviderCode(envelopeCode, msg, operation, serverDate, status);
                return default;
            }
            return data;
        }
        catch (JsonException e)
        {
            var what = body.Count == 0 ? "The response body is empty" : LooksLikeJson(body) ? "The response JSON is truncated or malformed" : "The response is not JSON";
            failure = Unreadable(what, body, status, operation, e);
            return default;
        }
    }

    // Flags, so one mask records which members were seen.
    [Flags]
    private enum EnvelopeMember
    {
        Other = 0,
        Code = 1,
        Msg = 2,
        Data = 4,
    }

    private static string NameOf(EnvelopeMember member) => member switch
    {
        EnvelopeMember.Code => "code",
        EnvelopeMember.Msg => "msg",
        _ => "data",
    };

    private static ProviderResponseException NotAnEnvelope(ArraySegment<byte> body, int status, OperationMetadata? operation) =>
        Unreadable("The response is JSON but not the provider's {code,msg,data} envelope", body, status, operation, null);

    // The excerpt is built from the start of the body only (see ResponseBody.ExcerptSource).
    private static ProviderResponseException Unreadable(string message, ArraySegment<byte> body, int status, OperationMetadata? operation, Exception? inner) =>
        SdkErrors.Unreadable(message, status, ResponseBody.ExcerptSource(body), operation, inner);

    // Redirects are not followed (the primary handler is told so, and SameUrlHandler refuses an answer that came from
    // another URL): Api-Key, Access-Token and encrypted bodies never go to a URL other than the configured one, and a
    // 3xx is reported as what it is. An error's body only ever becomes an excerpt, so only the start of it is read.
    private async ValueTask<ProviderResponseException> HttpErrorAsync(HttpResponseMessage response, OperationMetadata? operation, CancellationToken cancellationToken)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            var excerpt = await ResponseBody.ReadExcerptSourceAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return SdkErrors.HttpStatus("The provider", status, excerpt, operation, response.Headers.RetryAfter, _merchant.Clock.Now);
        }
    }

    private byte[] DecryptData(ArraySegment<byte> dataJson, string operationId)
    {
        // The envelope pass already proved the slice is one complete JSON value; only its kind is left to check.
        var reader = new Utf8JsonReader(dataJson);
        var ciphertext = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (ciphertext is null)
        {
            throw SdkErrors.Crypto("The response's data should be an encrypted string but is not.", operationId);
        }
        var plaintext = _merchant.Cipher.Decrypt(ciphertext, operationId);
        try
        {
            using var check = JsonDocument.Parse(plaintext);
        }
        catch (JsonException e)
        {
            throw SdkErrors.Crypto("Decryption produced text that is not JSON: the ApiSecret may be wrong.", operationId, e);
        }
        return plaintext;
    }

    private static bool LooksLikeJson(ArraySegment<byte> body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b is (byte)'{' or (byte)'[';
        }
        return false;
    }

}
