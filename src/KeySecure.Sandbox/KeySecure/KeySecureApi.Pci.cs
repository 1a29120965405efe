using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

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

    private JsonNode? GetPciClientToken(Call c)
    {
        RequirePci();
        var card = Card(c.Segments[2]);
        var token = "sbx_pct_" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        _clientTokens[token] = new ClientToken(card.No, c.Now.AddSeconds(ClientTokenSeconds));
        return new JsonObject { ["client_access_token"] = token, ["expires_in"] = ClientTokenSeconds };
    }

    /// <summary>
    /// Assumed shape: request <c>card_no</c> (and, sandbox extension, an optional one-use <c>client_access_token</c>
    /// from GetPciClientToken: 1014 when unknown, expired, used or for another card); response masked card data.
    /// </summary>
    private JsonNode? GetPciCardDetail(Call c)
    {
        RequirePci();
        var card = Card(Required(c.Request.String("card_no"), "card_no"));
        if (c.Request.String("client_access_token") is { } text
            && (!_clientTokens.TryGetValue(text, out var token) || token.Expires <= c.Now || token.CardNo != card.No
                || Interlocked.Exchange(ref token.Used, 1) != 0))
        {
            throw new KsError(KsCode.ClientTokenInvalid, "client_access_token is invalid, expired or already used");
        }
        return new JsonObject
        {
            ["card_no"] = card.No,
            ["card_type"] = card.Type,
            ["organization"] = card.Organization,
            ["status"] = card.Status,
            ["masked_pan"] = card.Pan[..6] + new string('*', card.Pan.Length - 10) + card.Pan[^4..],
            ["card_last_no"] = card.Pan[^4..],
            ["exp_month"] = card.ExpMonth,
            ["exp_year"] = card.ExpYear,
        };
    }
}
