namespace KeySecure.Generated.WorldFirst;

/// <summary>Settings of the WorldFirst World Card client (configuration section <c>WorldFirst</c>).</summary>
/// <remarks>
/// Keys are given either inline (PEM text) or as a file path, never both. Validation runs at start-up and its
/// messages name the setting, never the key material.
/// </remarks>
public sealed class WorldFirstOptions
{
    /// <summary>The configuration section name used in validation messages.</summary>
    public const string SectionName = "WorldFirst";

    /// <summary>
    /// The WorldFirst gateway assigned to the merchant (<c>Singapore</c>, <c>Europe</c> or <c>UnitedStates</c>, see
    /// <see cref="WorldFirstGateways"/>). Set this or <see cref="BaseAddress"/>, not both; there is no default.
    /// </summary>
    public WorldFirstRegion? Region { get; set; }

    /// <summary>
    /// An explicit gateway host instead of <see cref="Region"/> (a proxy, the local sandbox, a test server); paths start
    /// with <c>/amsin/</c>. Set this or <see cref="Region"/>, not both.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The gateway requests go to: <see cref="BaseAddress"/>, else the host of <see cref="Region"/>, else null.</summary>
    public Uri? Gateway => BaseAddress ?? (Region is { } region && Enum.IsDefined(region) ? WorldFirstGateways.For(region) : null);

    /// <summary>The Client ID assigned by WorldFirst; sent as <c>Client-Id</c> and part of every signed text.</summary>
    public string? ClientId { get; set; }

    /// <summary>The merchant's RSA private key, PKCS#8 PEM (<c>BEGIN PRIVATE KEY</c>) or its bare Base64 body.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>Path of a file holding <see cref="PrivateKeyPem"/>; use instead of the inline value.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>WorldFirst's RSA public key, X.509 SubjectPublicKeyInfo PEM (<c>BEGIN PUBLIC KEY</c>) or its bare Base64 body.</summary>
    public string? WorldFirstPublicKeyPem { get; set; }

    /// <summary>Path of a file holding <see cref="WorldFirstPublicKeyPem"/>; use instead of the inline value.</summary>
    public string? WorldFirstPublicKeyFile { get; set; }

    /// <summary>
    /// The <c>keyVersion</c> sent in the <c>Signature</c> header: the version WorldFirst registered for the merchant's
    /// public key. Required: the documentation shows <c>keyVersion=2</c> in an example and states no default, and a
    /// wrong version fails every call with INVALID_SIGNATURE.
    /// </summary>
    public int? KeyVersion { get; set; }

    /// <summary>Sent as <c>Connected-AccountId</c> when a platform acts for a merchant's account; omitted when empty.</summary>
    public string? ConnectedAccountId { get; set; }

    /// <summary>
    /// The OAuth access token sent as <c>Access-Token</c> on every request, for a merchant authorised through OAuth
    /// (WorldFirst applyToken); omitted when empty. A token that rotates comes from a registered
    /// <see cref="IWorldFirstAccessTokenSource"/> instead, which replaces this value. Never logged.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>How strictly response signatures are checked (default <see cref="WorldFirstVerificationMode.Required"/>).</summary>
    public WorldFirstVerificationMode VerificationMode { get; set; } = WorldFirstVerificationMode.Required;

    /// <summary>
    /// The largest response body read, in bytes (default 1 MiB; 4 KiB to 256 MiB). A larger answer fails with
    /// <see cref="Exceptions.ProviderResponseException"/> as soon as it passes the limit, without being buffered whole.
    /// </summary>
    public int MaxResponseBodyBytes { get; set; } = KeySecure.Generated.Http.ResponseBody.DefaultLimit;

    /// <summary>
    /// Microsoft.Extensions.Http.Resilience's standard pipeline settings (<c>WorldFirst:Resilience:...</c>), with the
    /// library's defaults and validated by it at start-up. The query is a read: transient failures are retried, each
    /// attempt signed afresh; a <c>U</c> is never retried by the pipeline.
    /// </summary>
    public Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions Resilience { get; set; } = new();
}
