using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KeySecure.Sandbox.KeySecure;

// Authentication (Api-Key, IP whitelist, rate limit, Timestamp, Access-Token) and issuing access tokens.
internal sealed partial class KeySecureApi
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, string ApiKey)> _tokens = new(StringComparer.Ordinal);
    private readonly object _rateGate = new();
    private long _rateWindow;
    private int _rateCount;

    private void Authenticate(HttpContext http, DateTimeOffset now, bool isTokenRequest)
    {
        var credentials = core.Credentials;
        var apiKey = Header(http, "Api-Key");
        if (string.IsNullOrEmpty(apiKey)) throw new KsError(KsCode.ApiKeyRequired, "Api-Key is required");
        if (Options.AllowedIps is { } allowed)
        {
            var ip = http.Connection.RemoteIpAddress;
            var text = ip?.IsIPv4MappedToIPv6 == true ? ip.MapToIPv4().ToString() : ip?.ToString();
            if (text is null || !allowed.Contains(text)) throw new KsError(KsCode.IpNotAllowed, $"IP {text} is not in the Api-Key's whitelist");
        }
        if (!FixedTimeEquals(apiKey, credentials.ApiKey)) throw new KsError(KsCode.ApiKeyUnknown, "Api-Key does not exist");
        switch (Options.ApiKeyStatus)
        {
            case SandboxApiKeyStatus.Disabled: throw new KsError(KsCode.ApiKeyNotEnabled, "Api-Key is not enabled");
            case SandboxApiKeyStatus.Expired: throw new KsError(KsCode.ApiKeyExpired, "Api-Key has expired");
        }
        if (Options.RateLimitPerSecond > 0)
        {
            var window = now.ToUnixTimeSeconds();
            lock (_rateGate)
            {
                if (window != _rateWindow)
                {
                    _rateWindow = window;
                    _rateCount = 0;
                }
                if (++_rateCount > Options.RateLimitPerSecond)
                {
                    throw new KsError(KsCode.TooFrequent, $"too frequent: more than {Options.RateLimitPerSecond} requests per second");
                }
            }
        }

        var timestamp = Header(http, "Timestamp");
        if (timestamp is not { Length: 13 } || !timestamp.All(char.IsAsciiDigit))
        {
            throw new KsError(KsCode.TimestampInvalid, "Timestamp must be 13-digit Unix milliseconds");
        }
        var age = now.ToUnixTimeMilliseconds() - long.Parse(timestamp, CultureInfo.InvariantCulture);
        if (age < 0) throw new KsError(KsCode.TimestampInvalid, "Timestamp is in the future");
        if (age > 60_000) throw new KsError(KsCode.TimestampInvalid, "Timestamp is expired (more than 60 s old)");

        if (isTokenRequest) return;
        var token = Header(http, "Access-Token");
        if (string.IsNullOrEmpty(token)) throw new KsError(KsCode.AccessTokenRequired, "Access-Token is required");
        if (!_tokens.TryGetValue(token, out var issued) || issued.ApiKey != apiKey || issued.Expires <= now)
        {
            throw new KsError(KsCode.AccessTokenInvalid, "Access-Token is invalid or expired");
        }
    }

    /// <summary>
    /// Authenticates a request to an operation answered from its spec example as the emulated operations are, by the
    /// operation's <c>x-keysecure-auth</c> (<c>token</c> when it names none); a refusal is answered with the provider's
    /// code in the envelope and false returned, so an unemulated operation never answers a caller the provider would refuse.
    /// </summary>
    public async Task<bool> AuthenticateOrRefuseAsync(HttpContext http, string? auth)
    {
        if (auth == "none") return true;
        try
        {
            Authenticate(http, core.Now, isTokenRequest: auth == "api-key");
            return true;
        }
        catch (KsError e)
        {
            await WriteEnvelopeAsync(http, e.Code, e.Message, null).ConfigureAwait(false);
            return false;
        }
    }

    private JsonNode? IssueToken(Call c)
    {
        var token = "sbx_at_" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        var expires = c.Now + Options.TokenLifetime;
        _tokens[token] = (expires, core.Credentials.ApiKey);
        foreach (var stale in _tokens.Where(t => t.Value.Expires <= c.Now).Select(t => t.Key).ToList()) _tokens.TryRemove(stale, out _);
        return new JsonObject { ["access_token"] = token, ["expired_time"] = expires.ToUnixTimeMilliseconds() };
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
