using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Verifies the WorldFirst response signature over <c>&lt;METHOD&gt; &lt;path&gt;\n&lt;Client-Id&gt;.&lt;Response-Time&gt;.&lt;raw body&gt;</c>
/// before anything reads the body, and leaves the raw bytes buffered for the generated client.
/// </summary>
/// <remarks>
/// <para>HTTP error statuses are not verified: they are never used as data and the result handler turns them into
/// <see cref="ProviderResponseException"/>.</para>
/// <para>A present but wrong signature is always rejected (unless the mode is <see cref="WorldFirstVerificationMode.Disabled"/>).
/// A missing signature is rejected in <see cref="WorldFirstVerificationMode.Required"/> mode, with one exception:
/// WorldFirst documents that some error responses come unsigned, so an unsigned body whose <c>resultStatus</c> is
/// <c>F</c> or <c>U</c> and that has no card fields passes, marked unverified, and still surfaces its result code
/// (an unsigned S, or anything carrying card fields, is rejected). A non-JSON body passes too, because the result
/// handler rejects it as <see cref="ProviderResponseException"/> and it is never handed to the caller.</para>
/// </remarks>
internal sealed class WorldFirstVerificationHandler(WorldFirstKeyHolder keys, IOptions<WorldFirstOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var call = CallContext.Of(request);
        call.SignatureVerified = false;

        var mode = options.Value.VerificationMode;
        if (mode == WorldFirstVerificationMode.Disabled || !response.IsSuccessStatusCode) return response;

        try
        {
            var body = await WorldFirstBufferedContent.ReadAsync(response, options.Value.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
            var failure = Check(request, response, body, mode, out var verified);
            if (failure is { } part) throw SdkErrors.Signature(part, call.Operation);
            call.SignatureVerified = verified;
            return response;
        }
        catch
        {
            // The caller never sees this response, so it is disposed here rather than leaked.
            response.Dispose();
            throw;
        }
    }

    private WorldFirstSignaturePart? Check(
        HttpRequestMessage request, HttpResponseMessage response, ReadOnlyMemory<byte> body, WorldFirstVerificationMode mode, out bool verified)
    {
        verified = false;
        if (!TryGetSingle(response, WorldFirstSignatureHeader.Name, out var header, out var repeated))
        {
            if (repeated) return WorldFirstSignaturePart.MalformedHeader;
            return mode == WorldFirstVerificationMode.Optional || MayBeUnsigned(body) ? null : WorldFirstSignaturePart.MissingSignature;
        }

        if (!TryGetSingle(response, "Response-Time", out var responseTime, out _)) return WorldFirstSignaturePart.MissingResponseTime;
        if (WorldFirstSignatureHeader.TryParse(header, out var signature) is { } malformed) return malformed;

        var method = (response.RequestMessage ?? request).Method.Method;
        var path = (response.RequestMessage ?? request).RequestUri!.AbsolutePath;
        var text = WorldFirstSignatureText.Build(method, path, options.Value.ClientId!, responseTime, body.Span);
        if (!keys.Verify(text, signature)) return WorldFirstSignaturePart.Mismatch;

        verified = true;
        return null;
    }

    // Unsigned F/U results carry no card data, and non-JSON bodies are rejected downstream anyway.
    private static bool MayBeUnsigned(ReadOnlyMemory<byte> body) =>
        WorldFirstResultSnapshot.TryRead(body) is not { } snapshot
        || (snapshot.Status is "F" or "U" && !snapshot.HasCardData);

    // NonValidated gives the header exactly as received: Response-Time must be used byte for byte.
    private static bool TryGetSingle(HttpResponseMessage response, string name, out string value, out bool repeated)
    {
        value = string.Empty;
        repeated = false;
        if (!response.Headers.NonValidated.TryGetValues(name, out var values)) return false;
        if (values.Count != 1)
        {
            repeated = values.Count > 1;
            return false;
        }

        value = values.ToString();
        return value.Length > 0;
    }
}
