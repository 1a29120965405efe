using System.CommandLine;
using System.Text.Json.Nodes;
using KeySecure.Cli.Output;
using KeySecure.Sandbox;

namespace KeySecure.Cli.Commands;

/// <summary><c>keysecure sandbox</c>: serves the embedded sandbox until Ctrl-C or SIGTERM (the command's token), then saves its state and stops.</summary>
internal static class SandboxCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (default 0: a free port).", DefaultValueFactory = _ => 0 };
        var webhookUrl = new Option<string>("--webhook-url") { Description = "Where the sandbox POSTs its signed webhooks (default: none, webhooks are only recorded)." };
        var stateFile = new Option<string>("--state-file")
        {
            Description = "Keep the sandbox's state (credentials, cardholders, cards, transfers) in this JSON file: reused at the next start, so the credentials stay the same. " +
                "Written owner-only (0600 on Unix); a corrupt or foreign file is refused (exit 2), never replaced.",
        };
        var repeatedUniqueNo = new Option<RepeatedUniqueNoAnswer>("--repeated-unique-no")
        {
            Description = "How a reused cardholder_unique_no, card_unique_no or transfer_unique_no is answered: ReplayFirst (default: the first result, " +
                "nothing created), Error (refused: 2001 for a cardholder, 1004 otherwise) or NewResource (another cardholder, card or transfer). " +
                "KeySecure documents none of these; test your recovery against each.",
            DefaultValueFactory = _ => RepeatedUniqueNoAnswer.ReplayFirst,
        };
        var refuseOffSpec = new Option<bool>("--refuse-off-spec")
        {
            Description = "Refuse a request the spec does not allow instead of serving it: nothing of it is applied, KeySecure answers 1004 " +
                "naming the field and the rule, WorldFirst HTTP 400. By default such a request is served (and recorded).",
        };
        var command = new Command(
            "sandbox",
            "Serve the embedded KeySecure + WorldFirst sandbox on 127.0.0.1 until Ctrl-C or SIGTERM. Prints its addresses and its own generated " +
            "test credentials as JSON on stdout (with key files and the environment variables that point this tool at it).")
        {
            port, webhookUrl, stateFile, repeatedUniqueNo, refuseOffSpec,
        };
        command.SetAction(async (parse, ct) =>
        {
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535) throw new CliUsageException("Invalid input: --port must be between 0 and 65535.");
            var hook = parse.GetValue(webhookUrl) is { } text
                ? Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? uri
                    : throw new CliUsageException("Invalid input: --webhook-url must be an absolute http(s) URL.")
                : null;

            var options = new SandboxOptions
            {
                Port = portValue, WebhookUrl = hook, StateFile = parse.GetValue(stateFile), RepeatedUniqueNo = parse.GetValue(repeatedUniqueNo),
                RefuseOffSpecRequests = parse.GetValue(refuseOffSpec),
            };
            await using var server = await SandboxServer.StartAsync(options, ct).ConfigureAwait(false);
            using var keys = SandboxKeyFiles.Write(server.Credentials);
            var document = Describe(server, hook, keys);
            context.Progress("WARNING: stdout holds this sandbox's own generated test credentials (API secret and merchant private key).");
            context.Progress("         Printing them is the point of this command; they are valid only against this sandbox process.");
            JsonOutput.Write(context.Stdout, document);
            context.Progress($"Sandbox listening on {server.BaseAddress} (KeySecure under /open-api/v1/, WorldFirst under /amsin/). Ctrl-C or SIGTERM stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                context.Progress(server.Options.StateFile is { } file ? $"Stopping the sandbox (state saved to {file})." : "Stopping the sandbox.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static JsonObject Describe(SandboxServer server, Uri? webhookUrl, SandboxKeyFiles keys)
    {
        var host = server.BaseAddress.ToString();
        var c = server.Credentials;
        return new JsonObject
        {
            ["base_url"] = host,
            ["keysecure_api_root"] = new Uri(server.BaseAddress, "open-api/v1/").ToString(),
            ["worldfirst_base_url"] = host,
            ["webhook_url"] = webhookUrl?.ToString(),
            ["repeated_unique_no"] = server.Options.RepeatedUniqueNo.ToString(),
            ["refuse_off_spec_requests"] = server.Options.RefuseOffSpecRequests,
            ["test_credentials"] = new JsonObject
            {
                ["api_key"] = c.ApiKey,
                ["api_secret"] = c.ApiSecret,
                ["worldfirst_client_id"] = c.WorldFirstClientId,
                ["key_version"] = c.KeyVersion,
                ["merchant_private_key_pem"] = c.MerchantPrivateKeyPem,
                ["merchant_public_key_pem"] = c.MerchantPublicKeyPem,
                ["worldfirst_public_key_pem"] = c.WorldFirstPublicKeyPem,
            },
            ["environment"] = new JsonObject
            {
                [CliSettings.KeySecureBaseUrlVariable] = host,
                [CliSettings.ApiKeyVariable] = c.ApiKey,
                [CliSettings.ApiSecretVariable] = c.ApiSecret,
                [CliSettings.WorldFirstBaseUrlVariable] = host,
                [CliSettings.ClientIdVariable] = c.WorldFirstClientId,
                [CliSettings.PrivateKeyFileVariable] = keys.PrivateKeyFile,
                [CliSettings.PublicKeyFileVariable] = keys.PublicKeyFile,
                [CliSettings.KeyVersionVariable] = c.KeyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }
}

/// <summary>The sandbox's keys written to a private temporary folder, deleted when the sandbox stops.</summary>
internal sealed class SandboxKeyFiles : IDisposable
{
    private readonly string _directory;

    private SandboxKeyFiles(string directory, string privateKeyFile, string publicKeyFile)
    {
        _directory = directory;
        PrivateKeyFile = privateKeyFile;
        PublicKeyFile = publicKeyFile;
    }

    public string PrivateKeyFile { get; }

    public string PublicKeyFile { get; }

    public static SandboxKeyFiles Write(SandboxCredentials credentials)
    {
        // On Unix the folder is created with mode 700.
        var directory = Directory.CreateTempSubdirectory("keysecure-sandbox-").FullName;
        var privateKey = Path.Combine(directory, "merchant-private-pkcs8.pem");
        var publicKey = Path.Combine(directory, "worldfirst-public.pem");
        PrivateFile.WriteAllText(privateKey, credentials.MerchantPrivateKeyPem);
        PrivateFile.WriteAllText(publicKey, credentials.WorldFirstPublicKeyPem);
        return new SandboxKeyFiles(directory, privateKey, publicKey);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
