namespace KeySecure.Generated.Exceptions;

/// <summary>
/// A WorldFirst response failed signature verification and was not used. The message says which part failed; it never
/// contains the body, card data, the signature or any key.
/// </summary>
/// <remarks>
/// A <see cref="ProviderException"/> like every failure to use the provider's answer. Only a success status is
/// verified; the only WorldFirst operation is a read, so nothing is left applied and unknown.
/// </remarks>
public sealed class WorldFirstSignatureException : ProviderException
{
    /// <summary>Creates the exception.</summary>
    public WorldFirstSignatureException(WorldFirstSignaturePart part, string? operationId)
        : base(BuildMessage(part, operationId), operationId, statusCode: 200, errorCode: null, providerMessage: null, innerException: null)
    {
        Part = part;
    }

    /// <summary>Which part of the check failed.</summary>
    public WorldFirstSignaturePart Part { get; }

    private static string BuildMessage(WorldFirstSignaturePart part, string? operationId)
    {
        var where = operationId is null ? "WorldFirst" : $"WorldFirst {operationId}";
        var what = part switch
        {
            WorldFirstSignaturePart.MissingSignature => "the response has no Signature header and VerificationMode is Required",
            WorldFirstSignaturePart.MissingResponseTime => "the response has no Response-Time header, which the signature covers",
            WorldFirstSignaturePart.MalformedHeader => "the response Signature header could not be parsed",
            WorldFirstSignaturePart.UnsupportedAlgorithm => "the response Signature header names an algorithm other than RSA256",
            WorldFirstSignaturePart.Mismatch => "the response signature does not match the body (tampered response or wrong WorldFirst public key)",
            WorldFirstSignaturePart.AssetIdMismatch => "the successful answer is for another assetId than the one requested (replayed or misrouted response)",
            _ => "the response signature check failed",
        };
        return $"{where} response rejected: {what} ({part}).";
    }
}
