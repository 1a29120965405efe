using System.Text;
using KeySecure.Generated.Http;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>Rejects unusable settings at start-up, naming the setting, never echoing a secret.</summary>
internal sealed class KeySecureOptionsValidator : IValidateOptions<KeySecureOptions>
{
    public ValidateOptionsResult Validate(string? name, KeySecureOptions options)
    {
        var prefix = string.IsNullOrEmpty(name) ? "KeySecure" : $"KeySecure[{name}]";
        var failures = new List<string>();
        if (options.BaseAddress is null || !options.BaseAddress.IsAbsoluteUri || options.BaseAddress.Scheme is not ("https" or "http"))
        {
            failures.Add($"{prefix}:BaseAddress must be an absolute http(s) URI such as {KeySecureOptions.SandboxBaseAddress}.");
        }
        else if (!ProviderTransport.IsSafeBaseAddress(options.BaseAddress))
        {
            // The Api-Key, the token and encrypted card data would cross the network in clear text.
            failures.Add($"{prefix}:BaseAddress must use https unless the host is loopback (localhost, 127.0.0.1, ::1).");
        }
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{prefix}:ApiKey is required.");
        }
        if (string.IsNullOrEmpty(options.ApiSecret))
        {
            failures.Add($"{prefix}:ApiSecret is required.");
        }
        else if (Encoding.UTF8.GetByteCount(options.ApiSecret) is not (16 or 24 or 32))
        {
            failures.Add($"{prefix}:ApiSecret must be 16, 24 or 32 bytes in UTF-8 (it is the AES key); the configured value has {Encoding.UTF8.GetByteCount(options.ApiSecret)}.");
        }
        if (options.Language is not null and not ("zh_CN" or "en_US"))
        {
            failures.Add($"{prefix}:Language must be zh_CN or en_US.");
        }
        if (options.TokenRefreshMargin < TimeSpan.Zero)
        {
            failures.Add($"{prefix}:TokenRefreshMargin must not be negative.");
        }
        if (ResponseBody.ValidateLimit($"{prefix}:{nameof(KeySecureOptions.MaxResponseBodyBytes)}", options.MaxResponseBodyBytes) is { } limitFailure)
        {
            failures.Add(limitFailure);
        }
        if (options.Resilience is null)
        {
            failures.Add($"{prefix}:Resilience is required.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
