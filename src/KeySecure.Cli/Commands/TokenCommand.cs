using System.CommandLine;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Generated;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeySecure.Cli.Commands;

/// <summary><c>keysecure token</c>: fetches an access token and prints its expiry, never the token.</summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("token", "Fetch an access token through ITokenClient (Get Token) and print its expiry. The token itself is never printed.");
        command.SetAction(async (parse, ct) =>
        {
            var settings = context.Settings(parse);
            settings.RequireKeySecure();
            await using var services = SdkServices.Build(settings, context.Stderr, keySecure: true, worldFirst: false);
            context.Progress($"Get Token from {settings.KeySecureBaseUrl} ...");
            var tokens = services.KeySecure().Token;
            var token = await context.Calls.RunAsync("GetToken", tokens.GetTokenAsync, ct).ConfigureAwait(false);
            var document = TokenExpiry.Describe(token.ExpiredTime, services);
            document["operation"] = "GetToken";
            document["token_received"] = !string.IsNullOrEmpty(token.AccessToken);
            context.Progress("Token received (not shown).");
            JsonOutput.Write(context.Stdout, document);
            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>Reads Get Token's <c>expired_time</c> the way the SDK is configured to.</summary>
internal static class TokenExpiry
{
    /// <summary>Reads the expiry with the registration's <see cref="KeySecureOptions.TokenExpiryFormat"/> and clock.</summary>
    public static JsonObject Describe(long? expiredTime, IServiceProvider services) => Describe(
        expiredTime,
        services.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(Options.DefaultName).TokenExpiryFormat,
        services.GetRequiredService<TimeProvider>().GetUtcNow());

    public static JsonObject Describe(long? expiredTime, TokenExpiryFormat format, DateTimeOffset now)
    {
        var document = new JsonObject { ["expired_time"] = expiredTime, ["expiry_format"] = format.ToString() };
        if (expiredTime is not { } raw) return document;
        DateTimeOffset? expiresAt = format switch
        {
            TokenExpiryFormat.UnixMilliseconds when raw is >= 0 and <= 253402300799999 => DateTimeOffset.FromUnixTimeMilliseconds(raw),
            TokenExpiryFormat.UnixSeconds when raw is >= 0 and <= 253402300799 => DateTimeOffset.FromUnixTimeSeconds(raw),
            TokenExpiryFormat.LifetimeSeconds when raw >= 0 => now.AddSeconds(raw),
            _ => null,
        };
        if (expiresAt is { } at)
        {
            document["expires_at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            document["expires_in_seconds"] = (long)Math.Floor((at - now).TotalSeconds);
        }
        return document;
    }
}
