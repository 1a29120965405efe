using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// Stamps an attempt with <c>Api-Key</c>, a fresh <c>Timestamp</c> and the <c>Access-Token</c> (none at all on the
/// sandbox simulations), plus the merchant's <c>Timezone</c> and <c>Language</c>. A restamped request (a retry, the
/// 1005/1007 replay) never carries the previous attempt's stamp or token.
/// </summary>
internal sealed class RequestStamper(MerchantContext merchant)
{
    private static readonly string[] StampedHeaders = ["Api-Key", "Timestamp", "Access-Token", "Timezone", "Language"];

    /// <summary>Stamps <paramref name="request"/> for <paramref name="auth"/>; returns the token it carries, if any.</summary>
    public async ValueTask<string?> StampAsync(HttpRequestMessage request, OperationAuth auth, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        // A request stamped before carries the Timestamp it was given.
        if (headers.NonValidated.Contains("Timestamp"))
        {
            foreach (var name in StampedHeaders)
            {
                headers.Remove(name);
            }
        }
        if (auth == OperationAuth.None)
        {
            return null;
        }

        var options = merchant.Options;
        string? token = null;
        if (auth == OperationAuth.Token)
        {
            var call = CallContext.Of(request);
            token = call.PreparedToken ?? await merchant.Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            call.PreparedToken = null;
            headers.TryAddWithoutValidation("Access-Token", token);
        }
        headers.TryAddWithoutValidation("Api-Key", options.ApiKey);
        // Taken after the token: a token refresh may have taught the clock a new offset.
        headers.TryAddWithoutValidation("Timestamp", merchant.Clock.TimestampHeader());
        if (options.Timezone is { Length: > 0 } timezone) headers.TryAddWithoutValidation("Timezone", timezone);
        if (options.Language is { Length: > 0 } language) headers.TryAddWithoutValidation("Language", language);
        return token;
    }
}
