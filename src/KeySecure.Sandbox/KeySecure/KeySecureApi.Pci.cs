using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Sandbox.KeySecure;

// PCI: one-use client tokens and the masked card detail.
internal sealed partial class KeySecureApi
{
    private readonly ConcurrentDictionary<string, ClientToken> _clientTokens = new(StringComparer.Ordinal);

    private sealed class ClientToken(string cardNo, DateTimeOffset expires)
    {
        public string CardNo { get; } = cardNo;
        public DateTimeOffset Expires { get; } = expires;
        public int Used;
    }

    private const int ClientTokenSeconds = 300;

    private object? GetPciClientToken(Call c)
    {
        RequirePci();
        var card = Card(c.Segments[2]);
        var token = "sbx_pct_" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        _clientTokens[token] = new ClientToken(card.No, c.Now.AddSeconds(ClientTokenSeconds));
        return new PciClientToken { ClientAccessToken = token, ExpiresIn = ClientTokenSeconds };
    }

    /// <summary>
    /// Assumed shape: request <c>card_no</c> (and, sandbox extension, an optional one-use <c>client_access_token</c>
    /// from GetPciClientToken: 1014 when unknown, expired, used or for another card); response masked card data.
    /// </summary>
    private object? GetPciCardDetail(Call c)
    {
        RequirePci();
        var request = Body<PciCardDetailRequest>(c);
        var card = Card(Required(request.CardNo, "card_no"));
        if (request.AdditionalProperties.TryGetValue("client_access_token", out var raw))
        {
            var text = raw is JsonElement { ValueKind: JsonValueKind.String } element ? element.GetString() : raw?.ToString();
            if (text is null || !_clientTokens.TryGetValue(text, out var token) || token.Expires <= c.Now || token.CardNo != card.No
                || Interlocked.Exchange(ref token.Used, 1) != 0)
            {
                throw new KsError(KsCode.ClientTokenInvalid, "client_access_token is invalid, expired or already used");
            }
        }
        var detail = new PciCardDetail();
        detail.AdditionalProperties["card_no"] = card.No;
        detail.AdditionalProperties["card_type"] = card.Type;
        detail.AdditionalProperties["organization"] = card.Organization;
        detail.AdditionalProperties["status"] = card.Status;
        detail.AdditionalProperties["masked_pan"] = card.Pan[..6] + new string('*', card.Pan.Length - 10) + card.Pan[^4..];
        detail.AdditionalProperties["card_last_no"] = card.Pan[^4..];
        detail.AdditionalProperties["exp_month"] = card.ExpMonth;
        detail.AdditionalProperties["exp_year"] = card.ExpYear;
        return detail;
    }
}
