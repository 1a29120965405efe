namespace KeySecure.Generated.Http;

/// <summary>What the runtime needs to know about one generated operation, taken from the spec's vendor extensions.</summary>
/// <remarks>
/// The generator writes one entry per operation into <see cref="OperationCatalog"/> (build/templates/Client.Interface.liquid);
/// the handlers find a request's entry through the interface and method names Refit's generated code puts on every
/// request, so retries, authentication and encryption follow the spec rather than hand-kept lists.
/// </remarks>
internal sealed class OperationMetadata
{
    /// <summary>A request option that overrides the catalog lookup (requests built outside a Refit interface).</summary>
    public static readonly HttpRequestOptionsKey<OperationMetadata> Key = new("KeySecure.Operation");

    public OperationMetadata(
        string methodName,
        string operationId,
        OperationEffect effect,
        OperationAuth auth,
        string[] encryptedFields,
        bool encryptedResponse)
    {
        MethodName = methodName;
        OperationId = operationId;
        Effect = effect;
        Auth = auth;
        EncryptedFields = encryptedFields;
        HasEncryptedResponse = encryptedResponse;
    }

    /// <summary>The interface method, e.g. <c>GetCardDetailAsync</c>.</summary>
    public string MethodName { get; }

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

    /// <summary>The operation a request belongs to, or null for a request no generated interface built.</summary>
    public static OperationMetadata? Of(HttpRequestMessage request) =>
        CallContext.Existing(request) is { } call ? call.Operation : Resolve(request);

    /// <summary>Looks the operation up in the request's options (what <see cref="CallContext"/> caches).</summary>
    internal static OperationMetadata? Resolve(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(Key, out var explicitMetadata)) return explicitMetadata;
        return request.Options.TryGetValue(RefitInterfaceType, out var interfaceType)
               && request.Options.TryGetValue(RefitMethodName, out var methodName)
            ? OperationCatalog.Find(interfaceType, methodName)
            : null;
    }

    // The option keys Refit's generated requests carry (Refit.HttpRequestMessageOptions names them).
    private static readonly HttpRequestOptionsKey<Type> RefitInterfaceType = new(Refit.HttpRequestMessageOptions.InterfaceType);
    private static readonly HttpRequestOptionsKey<string> RefitMethodName = new(Refit.HttpRequestMessageOptions.MethodName);
}

/// <summary>What an operation does to the provider's state.</summary>
internal enum OperationEffect
{
    /// <summary>Reads only; safe to retry.</summary>
    Read,
    /// <summary>Changes state (apply, activate, status, PIN).</summary>
    ChangeState,
    /// <summary>Moves money (transfers).</summary>
    MoveMoney,
}

/// <summary>Which credentials an operation takes.</summary>
internal enum OperationAuth
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
