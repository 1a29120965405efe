using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.ContractTests.Faults;

/// <summary>
/// Base of the fault tests: WireMock answers GetToken normally and the test stubs the fault for one operation.
/// GetCardDetail stands for the retry-safe reads; ApplyCard and TransferFunds for calls that must never be sent twice.
/// </summary>
public abstract class FaultTest(WireMockServer server) : WireMockTest(server)
{
    public const string CardDetailPath = "/card/" + TestData.CardNo + "/detail";
    public const string ApplyCardPath = "/card/apply";
    public const string TransferPath = "/account/transfer";

    /// <summary>A read that is retried: the first attempt plus every retry reaches WireMock.</summary>
    protected const int ReadAttempts = 1 + KeySecureSdk.MaxRetryAttempts;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
    }

    protected Task Stub(string method, string path, System.Text.Json.Nodes.JsonObject response) =>
        WireMock.AddMappingAsync(Stubs.KeySecure(method, path, response));

    /// <summary>A stub that answers off the spec on purpose (a gateway's page, a cut body); <paramref name="reason"/> says why.</summary>
    protected Task OffSpecStub(string method, string path, System.Text.Json.Nodes.JsonObject response, string reason) =>
        WireMock.AddMappingAsync(Stubs.KeySecure(method, path, response).OffSpec(reason));

    /// <summary>The success envelope with the operation's documented data (the spec's example).</summary>
    protected static System.Text.Json.Nodes.JsonObject Documented(string operationId) =>
        Stubs.Envelope(0, "success", ExampleStubs.KeySecureData(operationId)!.DeepClone());

    private protected KeySecureClient Sdk(Action<KeySecureOptions>? configure = null, TimeProvider? time = null) =>
        Track(KeySecureSdk.Build(Server.BaseUri, configure, time)).GetRequiredService<IKeySecureClientFactory>().Create();

    private protected static Task<CardDetail> GetCardDetail(KeySecureClient sdk) => sdk.Cards.GetCardDetailAsync(TestData.CardNo, Ct);

    private protected static Task<ApplyCardResult> ApplyCard(KeySecureClient sdk) => sdk.Cards.ApplyCardAsync(new ApplyCardRequest
    {
        CardBinNo = "BIN-0001", CardholderNo = TestData.CardholderNo, CardUniqueNo = TestData.CardUniqueNo, CardType = CardType.Virtual,
    }, Ct);

    private protected static Task<TransferResult> TransferFunds(KeySecureClient sdk) => sdk.Accounts.TransferFundsAsync(new TransferFundsRequest
    {
        CardholderNo = TestData.CardholderNo, TransferUniqueNo = TestData.TransferUniqueNo, Type = TransferType.Out, Balance = "10.00",
    }, Ct);

    /// <summary>How many requests reached WireMock for the path, after letting late (delayed/faulted) ones land.</summary>
    protected async Task<int> CountAsync(string method, string path, int expected, int settleMs = 300) =>
        (await WireMock.RequestsEventuallyAsync(method, Stubs.KeySecurePrefix + path, expected, TimeSpan.FromMilliseconds(settleMs))).Count;

    protected async Task<int> TokenCallsAsync() => (await WireMock.RequestsAsync("GET", Stubs.KeySecurePrefix + "/merchant/token")).Count;
}
