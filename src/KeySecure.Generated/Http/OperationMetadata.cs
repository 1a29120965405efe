namespace KeySecure.Generated.Http;

/// <summary>What the runtime needs to know about one generated operation, taken from the spec's vendor extensions.</summary>
/// <remarks>
/// The generated clients attach one of these to every request (see build/templates/Client.Class.BeforeSend.liquid),
/// so the handlers decide retries, authentication and encryption from the spec rather than from hand-kept lists.
/// </remarks>
public sealed class OperationMetadata
{
    /// <summary>The request option under which generated clients store the metadata.</summary>
    public static readonly HttpRequestOptionsKey<OperationMetadata> Key = new("KeySecure.Operation");

    /// <summary>Creates metadata from the raw extension values the generator writes.</summary>
    public OperationMetadata(string operationId, string effect, string auth, string encryptedFields, string encryptedResponse)
    {
        OperationId = operationId;
        Effect = effect switch
        {
            "read" => OperationEffect.Read,
            "change-state" => OperationEffect.ChangeState,
            "move-money" => OperationEffect.MoveMoney,
            // A value the SDK does not know must not quietly become some default: retries and the outcome of a
            // failed call depend on it.
            _ => throw new ArgumentException($"x-keysecure-effect of {operationId} is '{effect}'; it must be read, change-state or move-money.", nameof(effect)),
        };
        Auth = auth switch
        {
            "api-key" => OperationAuth.ApiKey,
            "none" => OperationAuth.None,
            "rsa-signature" => OperationAuth.RsaSignature,
            _ => OperationAuth.Token,
        };
        EncryptedFields = encryptedFields.Length == 0
            ? []
            : encryptedFields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        HasEncryptedResponse = string.Equals(encryptedResponse, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The spec's operationId, e.g. <c>GetCardDetail</c>.</summary>
    public string OperationId { get; }

    /// <summary>Whether the operation only reads, changes state or moves money (<c>x-keysecure-effect</c>).</summary>
    public OperationEffect Effect { get; }

    /// <summary>Which credentials the operation takes (<c>x-keysecure-auth</c>).</summary>
    public OperationAuth Auth { get; }

    /// <summary>Request body properties sent AES-encrypted (<c>x-keysecure-encrypted-fields</c>).</summary>
    public IReadOnlyList<string> EncryptedFields { get; }

    /// <summary>True when the envelope's <c>data</c> is an AES ciphertext of the documented schema.</summary>
    public bool HasEncryptedResponse { get; }

    /// <summary>Reads are safe to retry; anything else is retried only when it certainly never reached the server.</summary>
    public bool IsRetrySafe => Effect == OperationEffect.Read;

    /// <inheritdoc />
    public override string ToString() => OperationId;

    /// <summary>Finds the metadata a generated client attached to a request, if any.</summary>
    public static OperationMetadata? Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var metadata) ? metadata : null;
}

/// <summary>What an operation does to the provider's state.</summary>
public enum OperationEffect
{
    /// <summary>Reads only; safe to retry.</summary>
    Read,
    /// <summary>Changes state (apply, activate, status, PIN).</summary>
    ChangeState,
    /// <summary>Moves money (transfers).</summary>
    MoveMoney,
}

/// <summary>Which credentials an operation takes.</summary>
public enum OperationAuth
{
    /// <summary>Api-Key, Timestamp and Access-Token.</summary>
    Token,
    /// <summary>Api-Key and Timestamp only (Get Token).</summary>
    ApiKey,
    /// <summary>No credentials at all (sandbox simulations).</summary>
    None,
    /// <summary>WorldFirst RSA request signature.</summary>
    RsaSignature,
}
