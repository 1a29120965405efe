namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Where the OAuth access token WorldFirst expects as <c>Access-Token</c> comes from, for a merchant authorised through
/// OAuth (WorldFirst applyToken). Register one (<c>services.AddSingleton&lt;IWorldFirstAccessTokenSource, MyTokens&gt;()</c>)
/// when the token rotates; it replaces <see cref="WorldFirstOptions.AccessToken"/>, which covers a token that does not.
/// </summary>
/// <remarks>
/// Asked once per attempt, so a retry carries the token current at that moment. The SDK never logs the token.
/// </remarks>
public interface IWorldFirstAccessTokenSource
{
    /// <summary>The token to send, or null (or empty) to send no <c>Access-Token</c> header.</summary>
    /// <param name="cancellationToken">Cancelled with the call.</param>
    /// <returns>Printable ASCII without spaces; any other value fails the call before it is sent.</returns>
    ValueTask<string?> GetAsync(CancellationToken cancellationToken);
}
