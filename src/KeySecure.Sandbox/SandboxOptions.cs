using Microsoft.Extensions.Logging;

namespace KeySecure.Sandbox;

/// <summary>Which KeySecure integration modes the sandbox merchant has.</summary>
public enum MerchantMode
{
    /// <summary>Both credit extension and authorization mode (default): every operation works.</summary>
    Both,

    /// <summary>Credit extension mode only: authorization-mode operations (supported BINs, card_bin_no cards) give 1012.</summary>
    CreditOnly,

    /// <summary>Authorization mode only: credit-mode operations (accounts, transfers, packages, package_no cards) give 1012.</summary>
    AuthorizationOnly,
}

/// <summary>State of the sandbox merchant's Api-Key.</summary>
public enum SandboxApiKeyStatus
{
    /// <summary>The key works.</summary>
    Enabled,

    /// <summary>Every authenticated call gives 1010 (Api-Key not enabled).</summary>
    Disabled,

    /// <summary>Every authenticated call gives 1011 (Api-Key expired).</summary>
    Expired,
}

/// <summary>
/// How the sandbox answers a call that creates a cardholder, card or transfer with a merchant-side unique number
/// (<c>cardholder_unique_no</c>, <c>card_unique_no</c>, <c>transfer_unique_no</c>) it has seen before. The provider does
/// not document any of these, so a merchant can test its recovery against each.
/// </summary>
public enum RepeatedUniqueNoAnswer
{
    /// <summary>
    /// The first result again, nothing created (default). A repeat that differs from the first request (another
    /// cardholder, Sumsub token, type or amount) is refused: 2001 for a cardholder, 1004 for a card or a transfer.
    /// </summary>
    ReplayFirst,

    /// <summary>Every repeat is refused: 2001 (cardholder exists) for a cardholder, 1004 naming the field for a card or a transfer.</summary>
    Error,

    /// <summary>Every repeat creates another resource: a second cardholder, a second card, a second transfer (the money moves again).</summary>
    NewResource,
}

/// <summary>Settings of a <see cref="SandboxServer"/>.</summary>
public sealed class SandboxOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (default) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>Where webhooks are POSTed; null (default) records them as <see cref="WebhookDeliveryStatus.NoUrl"/> without sending.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Lifetime of the Access-Tokens issued by Get Token (default 24 hours).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>JSON file that holds the state: loaded at start when it exists, rewritten after every change. Null (default): memory only.</summary>
    public string? StateFile { get; set; }

    /// <summary>The sandbox's clock (timestamps, token expiry, KYC delay, rate-limit windows, <c>Date</c> headers).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Credentials to accept; null (default) reuses those in <see cref="StateFile"/> or generates new ones.</summary>
    public SandboxCredentials? Credentials { get; set; }

    /// <summary>Integration modes of the merchant (default <see cref="MerchantMode.Both"/>).</summary>
    public MerchantMode Mode { get; set; } = MerchantMode.Both;

    /// <summary>Whether PCI is enabled (default true); when false, private info and the PCI operations give 1013.</summary>
    public bool PciEnabled { get; set; } = true;

    /// <summary>How a repeated <c>*_unique_no</c> is answered (default <see cref="RepeatedUniqueNoAnswer.ReplayFirst"/>).</summary>
    public RepeatedUniqueNoAnswer RepeatedUniqueNo { get; set; } = RepeatedUniqueNoAnswer.ReplayFirst;

    /// <summary>
    /// Whether a request that breaks the spec is refused instead of served (default false: it is served, and recorded
    /// with its <see cref="SandboxRequest.Violations"/> for <see cref="SandboxServer.AssertRequestsFollowSpec"/>). When
    /// true, nothing of it is applied: a KeySecure operation answers 1004 naming the location and the rule, WorldFirst
    /// HTTP 400; the calling code then fails at the call that sent it.
    /// </summary>
    public bool RefuseOffSpecRequests { get; set; }

    /// <summary>Requests per second allowed per Api-Key before 1009 (default 50); 0 or less turns the limit off.</summary>
    public int RateLimitPerSecond { get; set; } = 50;

    /// <summary>
    /// A cardholder's KYC stays <c>Pending</c> until it has been read once (GetCardholder or ListCardholders) or this
    /// long after applying (default 3 seconds), then becomes <c>Approved</c> (or <c>Rejected</c> for a
    /// <c>sumsub_share_token</c> starting with <c>reject</c>).
    /// </summary>
    public TimeSpan KycDecisionDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Waits before each webhook retry; the count is the number of retries (default 0.2 s, 1 s, 3 s).</summary>
    public IReadOnlyList<TimeSpan> WebhookRetryDelays { get; set; } =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    /// <summary>Timeout of one webhook attempt (default 5 seconds).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default time zone of returned times, list-query day boundaries and the webhook <c>Timezone</c> header (default <c>UTC+8</c>).</summary>
    public string Timezone { get; set; } = "UTC+8";

    /// <summary>Caller IPs allowed to use the Api-Key; null (default) allows any (others get 1003).</summary>
    public IReadOnlyCollection<string>? AllowedIps { get; set; }

    /// <summary>State of the Api-Key (default enabled).</summary>
    public SandboxApiKeyStatus ApiKeyStatus { get; set; } = SandboxApiKeyStatus.Enabled;

    /// <summary>The WorldFirst <c>accountId</c> returned with card data.</summary>
    public string WorldFirstAccountId { get; set; } = "WF-SANDBOX-ACCOUNT-0001";

    /// <summary>Logger factory for the server; null (default) logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
