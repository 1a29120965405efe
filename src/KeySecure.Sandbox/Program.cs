using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Sandbox;
using Microsoft.Extensions.Logging;

// Standalone: dotnet run --project src/KeySecure.Sandbox -- --port 5080 --webhook-url http://localhost:5000/webhooks
// Prints the base address and credentials as JSON on stdout (logs go to stderr) and serves until Ctrl-C or SIGTERM.
var options = new SandboxOptions { Port = 5080 };
var verbose = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--webhook-url": options.WebhookUrl = new Uri(Next()); break;
        case "--state-file": options.StateFile = Next(); break;
        case "--mode": options.Mode = Enum.Parse<MerchantMode>(Next(), ignoreCase: true); break;
        case "--pci-disabled": options.PciEnabled = false; break;
        case "--token-lifetime": options.TokenLifetime = TimeSpan.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--rate-limit": options.RateLimitPerSecond = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--kyc-delay": options.KycDecisionDelay = TimeSpan.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--timezone": options.Timezone = Next(); break;
        case "--repeated-unique-no": options.RepeatedUniqueNo = Enum.Parse<RepeatedUniqueNoAnswer>(Next(), ignoreCase: true); break;
        case "--verbose": verbose = true; break;
        case "--help" or "-h":
            Console.Error.WriteLine("""
                KeySecure sandbox: emulates the KeySecure Open Platform and WorldFirst queryCardSensitiveInfo on 127.0.0.1.
                  --port <n>               port (default 5080; 0 = any free port)
                  --webhook-url <url>      where webhooks are POSTed
                  --state-file <path>      JSON state, loaded at start and saved on change (keeps the credentials too)
                  --mode <Both|CreditOnly|AuthorizationOnly>
                  --pci-disabled           private info and PCI operations answer 1013
                  --token-lifetime <t>     Access-Token lifetime (default 1.00:00:00)
                  --rate-limit <n>         requests per second per Api-Key (default 50; 0 = off)
                  --kyc-delay <t>          KYC decision delay (default 00:00:03)
                  --timezone <tz>          default Timezone (default UTC+8)
                  --repeated-unique-no <ReplayFirst|Error|NewResource>
                                           answer to a reused *_unique_no (default ReplayFirst; the provider documents none)
                  --verbose                log requests and webhooks to stderr
                """);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]} (try --help)");
            return 2;
    }
}

using var loggerFactory = LoggerFactory.Create(logging =>
{
    logging.AddSimpleConsole(console => console.SingleLine = true);
    logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
});
options.LoggerFactory = loggerFactory;

await using var server = await SandboxServer.StartAsync(options);
var c = server.Credentials;
var info = new JsonObject
{
    ["baseAddress"] = server.BaseAddress.ToString(),
    ["keySecure"] = new JsonObject { ["baseAddress"] = server.BaseAddress.ToString(), ["apiKey"] = c.ApiKey, ["apiSecret"] = c.ApiSecret },
    ["worldFirst"] = new JsonObject
    {
        ["baseAddress"] = server.BaseAddress.ToString(),
        ["clientId"] = c.WorldFirstClientId,
        ["keyVersion"] = c.KeyVersion,
        ["privateKeyPem"] = c.MerchantPrivateKeyPem,
        ["worldFirstPublicKeyPem"] = c.WorldFirstPublicKeyPem,
    },
    ["webhookUrl"] = options.WebhookUrl?.ToString(),
    ["mode"] = options.Mode.ToString(),
};
Console.WriteLine(info.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

// SIGINT, SIGTERM or SIGQUIT: the first stops the server (which saves the state file last); a second ends at once.
var stop = new TaskCompletionSource();
var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }
    .Select(signal => PosixSignalRegistration.Create(signal, context => context.Cancel = stop.TrySetResult()))
    .ToList();
await stop.Task;
signals.ForEach(registration => registration.Dispose());
return 0;

/// <summary>The standalone server's entry point; internal on every framework (ASP.NET Core 10 would make it public), as nothing references it.</summary>
internal partial class Program;
