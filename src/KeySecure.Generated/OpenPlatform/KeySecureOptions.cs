using KeySecure.Generated.Http;
using Microsoft.Extensions.Http.Resilience;

namespace KeySecure.Generated;

/// <summary>Settings for one KeySecure Open Platform merchant.</summary>
public sealed class KeySecureOptions
{
    /// <summary>The sandbox host.</summary>
    public static readonly Uri SandboxBaseAddress = new("https://sandbox-openplatform.keysecure.io");

    /// <summary>The production host.</summary>
    public static readonly Uri ProductionBaseAddress = new("https://openplatform.keysecure.io");

    /// <summary>The provider's host; the SDK appends <c>/open-api/v1/</c>. Defaults to the sandbox.</summary>
    public Uri BaseAddress { get; set; } = SandboxBaseAddress;

    /// <summary>The merchant's <c>apiKey</c>, sent as the <c>Api-Key</c> header.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The merchant's <c>apiSecret</c>: the AES key (its UTF-8 bytes must be 16, 24 or 32 long) and the webhook HMAC key.</summary>
    public string ApiSecret { get; set; } = string.Empty;

    /// <summary>Optional <c>Timezone</c> header (the provider's default is UTC+8); sets day boundaries for list queries.</summary>
    public string? Timezone { get; set; }

    /// <summary>Optional <c>Language</c> header: <c>zh_CN</c> or <c>en_US</c>.</summary>
    public string? Language { get; set; }

    /// <summary>How <c>expired_time</c> of Get Token is read. The documentation shows Unix milliseconds; this is an assumption.</summary>
    public TokenExpiryFormat TokenExpiryFormat { get; set; } = TokenExpiryFormat.UnixMilliseconds;

    /// <summary>A token is refreshed this long before it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest response body read, in bytes (default 1 MiB; 4 KiB to 256 MiB). A larger answer fails with
    /// <see cref="Exceptions.ProviderResponseException"/> as soon as it passes the limit, without being buffered whole;
    /// for a call that changes state or moves money its outcome is then unknown.
    /// </summary>
    public int MaxResponseBodyBytes { get; set; } = ResponseBody.DefaultLimit;

    /// <summary>
    /// Microsoft.Extensions.Http.Resilience's standard pipeline settings (<c>KeySecure:Resilience:Retry:MaxRetryAttempts</c>,
    /// <c>...:AttemptTimeout:Timeout</c>, ...), with the library's defaults and validated by it at start-up. Its
    /// predicates are the SDK's: a call that changes state or moves money is sent again only when it never reached
    /// the provider, and a <c>Retry-After</c> longer than <c>Retry:MaxDelay</c> (else the total timeout) is not waited out.
    /// </summary>
    public HttpStandardResilienceOptions Resilience { get; set; } = new();

    /// <inheritdoc />
    public override string ToString() => $"KeySecureOptions {{ BaseAddress = {BaseAddress}, ApiKey = {Redaction.Mask}, ApiSecret = {Redaction.Mask} }}";
}

/// <summary>How the token's <c>expired_time</c> is interpreted.</summary>
public enum TokenExpiryFormat
{
    /// <summary>An absolute expiry in Unix milliseconds (what the documentation's example shows).</summary>
    UnixMilliseconds,

    /// <summary>An absolute expiry in Unix seconds.</summary>
    UnixSeconds,

    /// <summary>A lifetime in seconds from the moment the token was issued.</summary>
    LifetimeSeconds,
}
