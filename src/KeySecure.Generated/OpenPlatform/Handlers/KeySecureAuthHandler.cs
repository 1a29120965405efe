using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// Stamps every attempt with <c>Api-Key</c>, a fresh <c>Timestamp</c> and the <c>Access-Token</c> (none at all on
/// the sandbox simulations), and replays a call once when the provider rejected it before doing anything: 1007
/// (token expired: refresh first) or 1005 (timestamp: the clock has meanwhile learned the server's offset).
/// </summary>
internal sealed class KeySecureAuthHandler : DelegatingHandler
{
    // Removed before every attempt so a replay never carries the previous attempt's stamp or token.
    private static readonly string[] StampedHeaders = ["Api-Key", "Timestamp", "Access-Token", "Timezone", "Language"];

    private readonly MerchantContext _merchant;

    public KeySecureAuthHandler(MerchantContext merchant) => _merchant = merchant;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var auth = OperationMetadata.Of(request)?.Auth ?? OperationAuth.Token;
        var token = await StampAsync(request, auth, cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (KeySecureApiException rejected) when (rejected.Code == KeySecureErrorCodes.AccessTokenInvalid && token is not null)
        {
            await _merchant.Tokens.InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (KeySecureApiException rejected) when (rejected.Code == KeySecureErrorCodes.TimestampInvalid && auth != OperationAuth.None)
        {
            // The envelope handler has already fed the rejection's Date header to the clock.
        }
        await StampAsync(request, auth, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<string?> StampAsync(HttpRequestMessage request, OperationAuth auth, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        // A request this handler has stamped before (a retry, the replay) carries the Timestamp it set.
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

        var options = _merchant.Options;
        string? token = null;
        if (auth == OperationAuth.Token)
        {
            token = await _merchant.Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            headers.TryAddWithoutValidation("Access-Token", token);
        }
        headers.TryAddWithoutValidation("Api-Key", options.ApiKey);
        // Taken after the token: a token refresh may have taught the clock a new offset.
        headers.TryAddWithoutValidation("Timestamp", _merchant.Clock.TimestampHeader());
        if (options.Timezone is { Length: > 0 } timezone) headers.TryAddWithoutValidation("Timezone", timezone);
        if (options.Language is { Length: > 0 } language) headers.TryAddWithoutValidation("Language", language);
        return token;
    }
}
