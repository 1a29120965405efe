using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Sandbox.KeySecure;
using KeySecure.Sandbox.Specs;
using KeySecure.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeySecure.Sandbox;

/// <summary>
/// A local server on 127.0.0.1 that emulates the KeySecure Open Platform (under <c>/open-api/v1/</c>) and the
/// WorldFirst <c>queryCardSensitiveInfo</c> API (under <c>/amsin/</c>) closely enough for the SDK to run its whole
/// lifecycle against it: authentication, KYC, cards, encryption, simulations with signed webhooks, transfers.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxCore _core;
    private readonly WebhookDispatcher _webhooks;
    private readonly SandboxRequests _requests;
    private readonly Seeding _seeding;
    private int _disposed;

    private SandboxServer(WebApplication app, SandboxCore core, WebhookDispatcher webhooks, SandboxRequests requests, Uri baseAddress)
    {
        _app = app;
        _core = core;
        _webhooks = webhooks;
        _requests = requests;
        _seeding = new Seeding(core);
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>: the KeySecure SDK appends <c>/open-api/v1/</c>; WorldFirst paths start <c>/amsin/</c> on the same host.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The credentials the sandbox accepts.</summary>
    public SandboxCredentials Credentials => _core.Credentials;

    /// <summary>
    /// The settings that point the SDK at this sandbox, under the configuration keys its registrations bind
    /// (<c>KeySecure:BaseAddress</c>, <c>KeySecure:ApiKey</c>, <c>KeySecure:ApiSecret</c>, <c>WorldFirst:BaseAddress</c>,
    /// <c>WorldFirst:ClientId</c>, <c>WorldFirst:PrivateKeyPem</c>, <c>WorldFirst:WorldFirstPublicKeyPem</c>,
    /// <c>WorldFirst:KeyVersion</c>): add them to the configuration of the app under test
    /// (<c>AddInMemoryCollection(sandbox.Configuration)</c>, or <c>UseSetting</c> each under <c>WebApplicationFactory</c>)
    /// and its own <c>AddKeySecure(configuration.GetSection("KeySecure"))</c> and <c>AddWorldFirst(...)</c> code runs as in production.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Configuration => SandboxConfiguration.For(BaseAddress, Credentials);

    /// <summary>The options the server runs with.</summary>
    public SandboxOptions Options => _core.Options;

    /// <summary>Where webhooks go from now on (starts as <see cref="SandboxOptions.WebhookUrl"/>); null records them without sending.</summary>
    public Uri? WebhookUrl
    {
        get => _webhooks.WebhookUrl;
        set => _webhooks.WebhookUrl = value;
    }

    /// <summary>
    /// Sends webhooks through this client instead of the sandbox's own, e.g. <c>WebApplicationFactory.CreateClient()</c>
    /// so an app with no port receives them; <see cref="WebhookUrl"/> may then be relative to its base address. Null
    /// (default): the sandbox's own client. The caller keeps owning the client.
    /// </summary>
    public HttpClient? WebhookHttpClient
    {
        get => _webhooks.Client;
        set => _webhooks.Client = value;
    }

    /// <summary>
    /// The body of a new webhook notification, <c>{"id", "action", "data"}</c>, as the sandbox sends it: a fresh id,
    /// <paramref name="action"/> (<c>Auth</c>, <c>Consumption</c> or <c>Card_update</c>) and <paramref name="dataJson"/>,
    /// the action's <c>data</c> object under the spec's wire names. Send it with <see cref="SendWebhookAsync"/>.
    /// </summary>
    public static string CreateWebhookBody(string action, string dataJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(dataJson);
        JsonObject data;
        try
        {
            data = JsonNode.Parse(dataJson) as JsonObject ?? throw new ArgumentException("The webhook data must be a JSON object.", nameof(dataJson));
        }
        catch (JsonException e)
        {
            throw new ArgumentException("The webhook data is not JSON: " + e.Message, nameof(dataJson), e);
        }
        return WebhookMessage.NewBody(action, data);
    }

    /// <summary>
    /// POSTs one webhook to the merchant's endpoint, once (no retry), signed with <see cref="Credentials"/> at the
    /// sandbox clock's now, and returns what the endpoint answered. <paramref name="body"/> is sent byte for byte: a
    /// body from <see cref="CreateWebhookBody"/>, or a <see cref="WebhookDelivery.Body"/> a simulation sent; sending
    /// the same body again is a redelivery (same id, same content, new timestamp).
    /// </summary>
    /// <param name="body">The <c>{"id", "action", "data"}</c> JSON.</param>
    /// <param name="url">The endpoint; relative to <paramref name="client"/>'s base address when a client is given.</param>
    /// <param name="client">The client to send with, e.g. <c>WebApplicationFactory.CreateClient()</c>; null: the sandbox's own.</param>
    /// <param name="flaw">What to get wrong on purpose (<see cref="WebhookFlaw.StaleTimestamp"/>, <see cref="WebhookFlaw.BadSignature"/>).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public Task<WebhookReply> SendWebhookAsync(
        string body, Uri url, HttpClient? client = null, WebhookFlaw flaw = WebhookFlaw.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(url);
        return _webhooks.SendOnceAsync(body, url, client, flaw, cancellationToken);
    }

    /// <summary>Every finished webhook notification (delivered, failed or not sent for want of a URL), in order.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries => _webhooks.Deliveries;

    /// <summary>Webhook notifications queued or being sent.</summary>
    public int PendingWebhooks => _webhooks.Pending;

    /// <summary>Waits for the first finished notification that matches <paramref name="predicate"/> (including those already finished).</summary>
    public Task<WebhookDelivery> WaitForWebhookAsync(Func<WebhookDelivery, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return _webhooks.WaitAsync(predicate, cancellationToken);
    }

    /// <summary>
    /// Makes the next <paramref name="times"/> calls of an operation fail with <paramref name="fault"/>; calls after
    /// them, and other operations, are answered normally. Faults set for the same operation are used one after another.
    /// </summary>
    /// <param name="operationId">The operation's <c>operationId</c> in the specs, e.g. <c>TransferFunds</c>, <c>ApplyCard</c>, <c>GetToken</c>, <c>QueryCardSensitiveInfo</c>.</param>
    /// <param name="fault">How the calls fail, e.g. <see cref="SandboxFault.AppliedThenReset"/>.</param>
    /// <param name="times">How many calls (at least 1).</param>
    public void FailNext(string operationId, SandboxFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(operationId);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _requests.FailNext(operationId, fault, times);
    }

    /// <summary>Drops every fault set with <see cref="FailNext"/> that has not been used yet.</summary>
    public void ClearFaults() => _requests.Faults.Clear();

    /// <summary>Creates a cardholder whose KYC is already <c>Approved</c>; returns its <c>cardholder_no</c>.</summary>
    /// <param name="cardholderUniqueNo">The merchant's unique number; null: a new one.</param>
    public string SeedCardholder(string? cardholderUniqueNo = null) => _seeding.Cardholder(cardholderUniqueNo);

    /// <summary>Issues a card to a cardholder directly, in any status of the spec's <c>CardStatus</c>; returns its <c>card_no</c>.</summary>
    /// <param name="cardholderNo">The cardholder (e.g. from <see cref="SeedCardholder"/>).</param>
    /// <param name="status"><c>Activated</c> (default), <c>ToActivate</c>, <c>Frozen</c>, <c>Delete</c>, <c>Pending</c> or <c>Fail</c>.</param>
    /// <param name="physical">A physical card instead of a virtual one.</param>
    public string SeedCard(string cardholderNo, string status = "Activated", bool physical = false) => _seeding.Card(cardholderNo, status, physical);

    /// <summary>Sets a cardholder's credit-mode balance (TUSDT, rounded to 2 decimals).</summary>
    public void SetBalance(string cardholderNo, decimal balance) => _seeding.Balance(cardholderNo, balance);

    /// <summary>
    /// Records a transaction on a card directly, as a simulation would leave it but without a webhook; returns its
    /// <c>consume_no</c>, which GetConsumption and ListConsumptions then answer.
    /// </summary>
    /// <param name="cardNo">The card (e.g. from <see cref="SeedCard"/>).</param>
    /// <param name="amount">The amount (positive, rounded to 2 decimals).</param>
    /// <param name="type">The spec's <c>ConsumptionType</c>: <c>Consumption</c> (default), <c>Open_card</c>, <c>Atm</c>, <c>Manage_fee</c>, <c>Reversal</c>, <c>Refund</c>.</param>
    /// <param name="status"><c>Success</c> (default), <c>Pending</c> or <c>Fail</c>.</param>
    /// <param name="currency">The ISO currency code (default <c>USD</c>).</param>
    public string SeedConsumption(string cardNo, decimal amount, string type = "Consumption", string status = "Success", string currency = "USD") =>
        _seeding.Consumption(cardNo, amount, type, status, currency);

    /// <summary>
    /// Records a credit-mode transfer directly and moves the cardholder's balance as TransferFunds would; returns its
    /// <c>transfer_no</c>, which ListTransfers then answers.
    /// </summary>
    /// <param name="cardholderNo">The cardholder (e.g. from <see cref="SeedCardholder"/>).</param>
    /// <param name="amount">The amount (positive, rounded to 2 decimals); an <c>Out</c> cannot exceed the balance.</param>
    /// <param name="type"><c>In</c> (default, credits the balance) or <c>Out</c>.</param>
    /// <param name="transferUniqueNo">The merchant's unique number; null: a new one.</param>
    public string SeedTransfer(string cardholderNo, decimal amount, string type = "In", string? transferUniqueNo = null) =>
        _seeding.Transfer(cardholderNo, amount, type, transferUniqueNo);

    /// <summary>The cardholders now, oldest first.</summary>
    public IReadOnlyList<SandboxCardholder> Cardholders => _seeding.Cardholders();

    /// <summary>The cards now, oldest first.</summary>
    public IReadOnlyList<SandboxCard> Cards => _seeding.Cards();

    /// <summary>The consumptions now (authorizations, clearings, reversals, refunds), oldest first.</summary>
    public IReadOnlyList<SandboxConsumption> Consumptions => _seeding.Consumptions();

    /// <summary>The transfers now, oldest first.</summary>
    public IReadOnlyList<SandboxTransfer> Transfers => _seeding.Transfers();

    /// <summary>
    /// The requests received, oldest first (the latest 10,000), including those answered with a fault; each carries
    /// the ways it breaks the spec (<see cref="SandboxRequest.Violations"/>).
    /// </summary>
    public IReadOnlyList<SandboxRequest> Requests => _requests.Journal.Requests;

    /// <summary>
    /// Throws <see cref="SandboxSpecException"/> when a request received so far (of the latest 10,000) breaks the spec
    /// (<c>openapi/*.yaml</c>, as this package was built with): an operation the spec does not have, a missing or
    /// undeclared member, a wrong type, a value off its enum, pattern or length, a missing or stray credential header.
    /// The message names each request's operation, the JSON pointer or parameter and the rule, never a value. Call it
    /// at the end of a test (or in its <c>DisposeAsync</c>) so what your code sent is checked, not only what it got back.
    /// </summary>
    public void AssertRequestsFollowSpec()
    {
        var offSpec = _requests.Journal.OffSpec;
        if (offSpec.Count > 0) throw new SandboxSpecException(offSpec);
    }

    /// <summary>Starts a sandbox; dispose it to stop.</summary>
    public static Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, SandboxSpecs.Embedded, cancellationToken);

    /// <summary>Starts a sandbox that checks and answers against <paramref name="specs"/> instead of the specs it was built with.</summary>
    internal static async Task<SandboxServer> StartAsync(SandboxOptions? options, SandboxSpecs specs, CancellationToken cancellationToken)
    {
        options ??= new SandboxOptions();
        if (options.Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), "SandboxOptions.Port must be 0 to 65535.");
        if (options.TokenLifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "SandboxOptions.TokenLifetime must be positive.");

        var state = (options.StateFile is { } file ? SandboxStateFile.Load(file) : null) ?? new SandboxState();
        var credentials = options.Credentials ?? state.Credentials ?? SandboxCredentials.Generate();
        if (string.IsNullOrEmpty(credentials.WorldFirstPrivateKeyPem))
        {
            throw new ArgumentException(
                "SandboxCredentials.WorldFirstPrivateKeyPem is required: the sandbox signs WorldFirst responses with it (SandboxCredentials.Generate() sets it).",
                nameof(options));
        }
        state.Credentials = credentials;

        var webhooks = new WebhookDispatcher(options, () => credentials);
        var core = new SandboxCore(options, state, credentials, webhooks, specs);
        if (options.StateFile is { } stateFile) SandboxStateFile.Save(stateFile, state);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        if (options.LoggerFactory is { } loggerFactory) builder.Services.AddSingleton(loggerFactory);
        // The process that embeds the sandbox owns its signals: the default ConsoleLifetime would take SIGTERM and
        // Ctrl-C for itself, stop only this server and leave its owner running.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        var app = builder.Build();

        var requests = new SandboxRequests(core);
        app.Run(requests.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await webhooks.DisposeAsync().ConfigureAwait(false);
            core.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        options.LoggerFactory?.CreateLogger<SandboxServer>().LogInformation("KeySecure sandbox listening on {BaseAddress}", baseAddress);
        return new SandboxServer(app, core, webhooks, requests, baseAddress);
    }

    /// <summary>
    /// Stops the server, then saves the state file one last time (after the last request, so nothing is lost), then
    /// stops the webhook sender (notifications still queued are dropped).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _core.SaveState();
        await _webhooks.DisposeAsync().ConfigureAwait(false);
        _core.Dispose();
    }

    /// <summary>A host lifetime with no signal handlers: the server runs until <see cref="DisposeAsync"/>.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
