using System.CommandLine;
using KeySecure.Cli.Hosting;
using KeySecure.Cli.Webhooks;
using KeySecure.Generated.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeySecure.Cli.Commands;

/// <summary><c>keysecure webhook listen</c>: the SDK's webhook endpoint on 127.0.0.1, printing each verified, new event.</summary>
internal static class WebhookCommand
{
    public static Command Create(CliContext context)
    {
        var listen = new Command(
            "listen",
            "Serve the SDK's webhook endpoint (POST /webhooks/keysecure) on 127.0.0.1 until SIGINT (Ctrl-C) or SIGTERM. " +
            $"Verifies with {CliSettings.ApiKeyVariable} (appId) and {CliSettings.ApiSecretVariable}; prints each verified, new event " +
            "as one JSON line {\"id\",\"action\",\"data\"} on stdout; refusals, duplicates and their reasons go to stderr. " +
            "Point `keysecure sandbox --webhook-url` at the URL it names on stderr. " +
            $"With {CliSettings.RedisVariable} set, listeners sharing that Redis share their replay records: each delivery is printed by one of them, once.");
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (default 0: a free port, named on stderr).", DefaultValueFactory = _ => 0 };
        var reveal = new Option<bool>("--reveal")
        {
            Description = "Print event data exactly as received. By default PAN-like values (pan, cvv, pin, expiry fields, and any other 12-19 digit string that is not a *_no identifier) are masked.",
        };
        listen.Options.Add(port);
        listen.Options.Add(reveal);
        listen.SetAction(async (parse, ct) =>
        {
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535) throw new CliUsageException("Invalid input: --port must be between 0 and 65535.");
            var (appId, secret) = Credentials(context.Environment);
            var redis = context.Environment.TryGetValue(CliSettings.RedisVariable, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
            await ListenAsync(context, appId, secret, redis, portValue, parse.GetValue(reveal), ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        return new Command("webhook", "Receive KeySecure webhooks locally.") { listen };
    }

    /// <summary>The credentials from the environment only: a secret on the command line would land in shell history.</summary>
    private static (string AppId, string Secret) Credentials(IDictionary<string, string?> environment)
    {
        var appId = environment.TryGetValue(CliSettings.ApiKeyVariable, out var key) && !string.IsNullOrWhiteSpace(key) ? key.Trim() : null;
        var secret = environment.TryGetValue(CliSettings.ApiSecretVariable, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        if (appId is null || secret is null)
        {
            var missing = new[] { (appId, CliSettings.ApiKeyVariable), (secret, CliSettings.ApiSecretVariable) }.Where(p => p.Item1 is null).Select(p => p.Item2);
            throw new CliUsageException($"Missing configuration: set {string.Join(" and ", missing)} (the merchant whose webhooks are verified).");
        }
        return (appId, secret);
    }

    private static async Task ListenAsync(CliContext context, string appId, string secret, string? redis, int port, bool reveal, CancellationToken ct)
    {
        var builder = LoopbackWebhookHost.CreateBuilder<PrintingWebhookHandler>(port, appId, secret, ct);
        if (redis is not null)
        {
            try
            {
                builder.Services.AddRedisWebhookReplayStore(redis);
            }
            catch (ArgumentException)
            {
                // The parser's message may quote the string, password included: name the variable only.
                throw new CliUsageException($"Invalid input: {CliSettings.RedisVariable} is not a Redis connection string.");
            }
        }
        // Only the endpoint's own log lines (refusals with their reasons, duplicates), redacted, reach stderr; nothing reaches stdout.
        builder.Logging.AddFilter((category, level) => category?.StartsWith("KeySecure.", StringComparison.Ordinal) == true && level >= LogLevel.Information);
        builder.Logging.AddProvider(new StderrLoggerProvider(context.Stderr));
        builder.Services.AddSingleton(new WebhookEventPrinter(context.Stdout, reveal));

        await using var app = builder.Build();
        app.MapKeySecureWebhooks();
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new CliUsageException($"Cannot listen on 127.0.0.1:{port}: {e.Message}");
        }

        var url = LoopbackWebhookHost.EndpointUrl(app);
        context.Progress($"Listening for KeySecure webhooks on {url} (Ctrl-C or SIGTERM stops).");
        context.Progress(redis is null
            ? $"Replay records are kept in this process; set {CliSettings.RedisVariable} to share them with other listeners."
            : $"Replay records are shared through Redis ({CliSettings.RedisVariable}).");
        if (reveal) context.Progress("--reveal: event data is printed exactly as received, card data included.");

        // Returns once the command's token (a signal) has stopped the host, after stopping it.
        await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        context.Progress("Stopped listening.");
    }
}
