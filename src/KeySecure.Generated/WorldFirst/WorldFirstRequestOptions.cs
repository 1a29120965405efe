namespace KeySecure.Generated.WorldFirst;

/// <summary>Per-request facts the WorldFirst handlers pass to each other through <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class WorldFirstRequestOptions
{
    /// <summary>Set by the verification handler: whether the response signature was checked and valid.</summary>
    public static readonly HttpRequestOptionsKey<bool> SignatureVerified = new("WorldFirst.SignatureVerified");
}
