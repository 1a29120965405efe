namespace KeySecure.Generated.Exceptions;

/// <summary>Which part of a WorldFirst response signature check failed.</summary>
public enum WorldFirstSignaturePart
{
    /// <summary>The response has no <c>Signature</c> header and the verification mode requires one.</summary>
    MissingSignature,
    /// <summary>The response is signed but has no <c>Response-Time</c> header, which is part of the signed text.</summary>
    MissingResponseTime,
    /// <summary>The <c>Signature</c> header could not be parsed (no <c>signature=</c> part, bad Base64, repeated header).</summary>
    MalformedHeader,
    /// <summary>The header names an algorithm other than <c>RSA256</c>.</summary>
    UnsupportedAlgorithm,
    /// <summary>The signature does not match the response (tampered body, wrong WorldFirst public key, or wrong text).</summary>
    Mismatch,
    /// <summary>
    /// The response is an <c>S</c> answer, but for another <c>assetId</c> than the request asked about (or names none):
    /// whatever its signature, it is not the answer to this request, so its card data is not used.
    /// </summary>
    AssetIdMismatch,
}
