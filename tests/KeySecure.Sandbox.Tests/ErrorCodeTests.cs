using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Crypto;
using KeySecure.Sandbox.KeySecure;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// Every KeySecure error code the sandbox can emit, reached through the real SDK and surfacing as
/// <see cref="KeySecureApiException"/> with that code. Header-level errors the SDK never makes on its own (missing
/// Api-Key, bad Timestamp, ...) are provoked by a handler that changes the request on the wire after the SDK's pipeline.
/// </summary>
public sealed class ErrorCodeTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The scenario that provokes each code; the conformance test below keeps this list complete.</summary>
    private static readonly Dictionary<int, Func<SandboxFixture, Task>> Scenarios = new()
    {
        [1002] = async f =>
        {
            using var sdk = f.Sdk(tamper: Headers(h => h.Remove("Api-Key")));
            await sdk.Token.GetTokenAsync(Ct);
        },
        [1003] = async _ =>
        {
            await using var sandbox = await SandboxFixture.StartAsync(o => o.AllowedIps = ["10.1.2.3"]);
            using var sdk = new Sdk(sandbox);
            await sdk.Token.GetTokenAsync(Ct);
        },
        [1004] = async f =>
        {
            using var sdk = f.Sdk();
            var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
            await sdk.Cards.ApplyCardAsync(new ApplyCardRequest { CardholderNo = holder, CardUniqueNo = Unique(), CardType = CardType.Virtual }, Ct);
        },
        [1005] = async f =>
        {
            using var sdk = f.Sdk(tamper: Headers(h =>
            {
                h.Remove("Timestamp");
                h.TryAddWithoutValidation("Timestamp", "1716307200000");
            }));
            await sdk.Token.GetTokenAsync(Ct);
        },
        [1006] = async f =>
        {
            using var sdk = f.Sdk(tamper: Headers(h => h.Remove("Access-Token")));
            await sdk.Cardholders.GetCardholderAsync("U-any", Ct);
        },
        [1007] = async f =>
        {
            using var sdk = f.Sdk(tamper: Headers(h =>
            {
                if (h.Remove("Access-Token")) h.TryAddWithoutValidation("Access-Token", "sbx_at_forged");
            }));
            await sdk.Cardholders.GetCardholderAsync("U-any", Ct);
        },
        [1008] = async f =>
        {
            using var sdk = new Sdk(f.Sandbox, keySecure: o => o.ApiKey = "sbx_ak_unknown");
            await sdk.Token.GetTokenAsync(Ct);
        },
        [1009] = async _ =>
        {
            await using var sandbox = await SandboxFixture.StartAsync(o => o.RateLimitPerSecond = 3);
            using var sdk = new Sdk(sandbox);
            await sdk.Token.GetTokenAsync(Ct);
            // Change-state calls are never retried by the SDK, so the first 1009 surfaces.
            await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => sdk.Cardholders.ApplyCardholderAsync(
                new ApplyCardholderRequest { CardholderUniqueNo = Unique(), SumsubShareToken = "sumsub" }, Ct)));
        },
        [1010] = async _ =>
        {
            await using var sandbox = await SandboxFixture.StartAsync(o => o.ApiKeyStatus = SandboxApiKeyStatus.Disabled);
            using var sdk = new Sdk(sandbox);
            await sdk.Token.GetTokenAsync(Ct);
        },
        [1011] = async _ =>
        {
            await using var sandbox = await SandboxFixture.StartAsync(o => o.ApiKeyStatus = SandboxApiKeyStatus.Expired);
            using var sdk = new Sdk(sandbox);
            await sdk.Token.GetTokenAsync(Ct);
        },
        [1012] = async _ =>
        {
            await using var sandbox = await SandboxFixture.StartAsync(o => o.Mode = MerchantMode.AuthorizationOnly);
            using var sdk = new Sdk(sandbox);
            await sdk.Cards.ListCardPackagesAsync(new ListCardPackagesRequest(), Ct);
        },
        [1013] = async _ =>
        {
            await using var sandbox = await SandboxFixture.StartAsync(o => o.PciEnabled = false);
            using var sdk = new Sdk(sandbox);
            await sdk.Cards.GetCardPrivateInfoAsync("C-any", Ct);
        },
        [1014] = async f =>
        {
            // client_access_token is the sandbox's extension, not in the spec.
            using var sdk = f.Sdk(sendsOffSpecRequests: true);
            var card = await VirtualCardAsync(sdk);
            var request = new PciCardDetailRequest { CardNo = card };
            request.AdditionalProperties["client_access_token"] = "sbx_pct_forged";
            await sdk.Pci.GetPciCardDetailAsync(request, Ct);
        },
        [1019] = async f =>
        {
            using var sdk = f.Sdk();
            await sdk.Cards.ListCardsAsync(new ListCardsRequest { StartTime = "2026-05-22", EndTime = "2026-05-21 23:59:59" }, Ct);
        },
        [1020] = async f =>
        {
            using var sdk = f.Sdk();
            await sdk.Consumptions.ListConsumptionsAsync(new ListConsumptionsRequest { StartTime = "2026-01-01", EndTime = "2026-04-02" }, Ct);
        },
        [2001] = async f =>
        {
            using var sdk = f.Sdk();
            var unique = Unique();
            await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = unique, SumsubShareToken = "sumsub-a" }, Ct);
            await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = unique, SumsubShareToken = "sumsub-b" }, Ct);
        },
        [2002] = async f =>
        {
            using var sdk = f.Sdk();
            await sdk.Cardholders.GetCardholderAsync("U-does-not-exist", Ct);
        },
        [2003] = async f =>
        {
            using var sdk = f.Sdk();
            var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
            var info = await sdk.Cardholders.GetCardholderAsync(holder, Ct);
            await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest
            {
                CardholderNo = holder, CardholderUniqueNo = info.CardholderUniqueNo!, SumsubShareToken = "sumsub-again",
            }, Ct);
        },
        [2004] = async f =>
        {
            using var sdk = f.Sdk();
            var applied = await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = Unique(), SumsubShareToken = "sumsub" }, Ct);
            await SandboxFixture.CardAsync(sdk, applied.CardholderNo!, "Virtual");
        },
        [2005] = async f =>
        {
            using var sdk = f.Sdk();
            var holder = await SandboxFixture.ApprovedCardholderAsync(sdk, token: "reject-this-applicant");
            await SandboxFixture.CardAsync(sdk, holder, "Virtual");
        },
        [2006] = async f =>
        {
            using var sdk = f.Sdk();
            await sdk.Cardholders.ApplyCardholderAsync(new ApplyCardholderRequest { CardholderUniqueNo = Unique(), SumsubShareToken = "unavailable-applicant" }, Ct);
        },
        [2007] = async f =>
        {
            using var sdk = f.Sdk();
            var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
            var address = SandboxFixture.Address();
            address.City = "北京";
            await sdk.Cards.ApplyCardAsync(new ApplyCardRequest
            {
                CardholderNo = holder, CardUniqueNo = Unique(), CardType = CardType.Physical, CardBinNo = "BIN-VISA-493193", AddressInfo = address,
            }, Ct);
        },
        [4005] = async f =>
        {
            using var sdk = f.Sdk();
            var card = await VirtualCardAsync(sdk);
            await sdk.Cards.UpdateCardStatusAsync(new UpdateCardStatusRequest { CardNo = card, Status = TargetCardStatus.Activated }, Ct);
        },
        [4016] = async f =>
        {
            // The SDK refuses a weak PIN before sending, so the wire body is rewritten with an encrypted "111111".
            var cipher = new AesEcbCipher(f.Sandbox.Credentials.ApiSecret);
            using var sdk = f.Sdk(tamper: async request =>
            {
                if (!request.RequestUri!.AbsolutePath.EndsWith("/card/pin/set", StringComparison.Ordinal)) return;
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
                body["pin"] = cipher.Encrypt("111111");
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            });
            var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
            var card = (await SandboxFixture.CardAsync(sdk, holder, "Physical")).CardNo!;
            var secret = await sdk.Cards.GetCardPrivateInfoAsync(card, Ct);
            await sdk.Cards.ActivateCardAsync(new ActivateCardRequest { CardNo = card, CardholderNo = holder, Cvv = secret.Cvv!, CardLastNo = secret.Pan![^4..] }, Ct);
            await sdk.Cards.SetCardPinAsync(new SetCardPinRequest { CardNo = card, CardholderNo = holder, Pin = "135790" }, Ct);
        },
        [4017] = async f =>
        {
            using var sdk = f.Sdk();
            var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
            var card = (await SandboxFixture.CardAsync(sdk, holder, "Virtual")).CardNo!;
            await sdk.Cards.SetCardPinAsync(new SetCardPinRequest { CardNo = card, CardholderNo = holder, Pin = "135790" }, Ct);
        },
    };

    /// <summary>Codes the sandbox source names but no SDK call can provoke, with the reason.</summary>
    private static readonly Dictionary<int, string> Unreachable = new()
    {
        [1001] = "catch-all for an exception inside the sandbox itself (a sandbox bug), never emitted on purpose",
    };

    public static TheoryData<int> Codes => [.. Scenarios.Keys.Order()];

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Code_is_reached_through_the_sdk(int code)
    {
        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => Scenarios[code](fixture));

        Assert.Equal(code, error.Code);
        Assert.True(error.IsDocumented);
        if (code == 1004) Assert.Matches("^[a-z][a-z0-9_]*( |$)", error.ProviderMessage);
    }

    [Fact]
    public void Every_code_the_sandbox_source_emits_has_a_scenario()
    {
        var values = typeof(KsCode).GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic)
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
        var sourceDir = Path.GetFullPath(Path.Combine(ThisDirectory(), "..", "..", "src", "KeySecure.Sandbox"));
        var emitted = Directory.EnumerateFiles(sourceDir, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(path) != "KsCode.cs")
            .SelectMany(path => Regex.Matches(File.ReadAllText(path), @"\bKsCode\.(\w+)").Select(m => m.Groups[1].Value))
            .Select(name => values[name])
            .ToHashSet();

        Assert.NotEmpty(emitted);
        var missing = emitted.Where(code => !Scenarios.ContainsKey(code) && !Unreachable.ContainsKey(code)).Order().ToList();
        Assert.True(missing.Count == 0, "codes emitted by the sandbox without a scenario: " + string.Join(", ", missing));
        Assert.Equal(values.Values.Order(), emitted.Order());
        Assert.All(Scenarios.Keys, code => Assert.Contains(code, emitted));
        Assert.All(emitted, code => Assert.True(KeySecureErrorCodes.IsDocumented(code), $"{code} is not a documented code"));
    }

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string Unique() => "U" + Guid.NewGuid().ToString("N");

    private static async Task<string> VirtualCardAsync(Sdk sdk)
    {
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        return (await SandboxFixture.CardAsync(sdk, holder, "Virtual")).CardNo!;
    }

    private static Func<HttpRequestMessage, Task> Headers(Action<System.Net.Http.Headers.HttpRequestHeaders> change) => request =>
    {
        if (request.RequestUri!.AbsolutePath.StartsWith("/open-api/", StringComparison.Ordinal)) change(request.Headers);
        return Task.CompletedTask;
    };
}
