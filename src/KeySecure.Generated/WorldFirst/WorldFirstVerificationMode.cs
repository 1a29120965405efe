namespace KeySecure.Generated.WorldFirst;

/// <summary>How strictly WorldFirst response signatures are checked.</summary>
public enum WorldFirstVerificationMode
{
    /// <summary>
    /// Default. A successful (<c>S</c>) response must carry a valid signature; a badly signed response is always
    /// rejected. An unsigned <c>F</c> or <c>U</c> response without card fields is still reported as its result code,
    /// because WorldFirst documents that some error responses come unsigned and they carry no card data.
    /// </summary>
    Required,

    /// <summary>A signed response is verified (and rejected when the signature is wrong); an unsigned one is accepted.</summary>
    Optional,

    /// <summary>No verification at all. Only for diagnosing a key problem; never in production.</summary>
    Disabled,
}
