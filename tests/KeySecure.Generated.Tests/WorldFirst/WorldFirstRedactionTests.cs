using System.Text.RegularExpressions;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstRedactionTests
{
    private const string CardNo = "4000123412341234";
    private const string Cvv = "739";

    [Fact]
    public void ToString_shows_neither_card_number_nor_cvv()
    {
        var info = new CardSensitiveInfo
        {
            Result = new Result { ResultStatus = ResultStatus.S, ResultCode = "SUCCESS" },
            AssetId = "ASSET-1",
            CardNo = CardNo,
            Cvv = Cvv,
            ExpiredMonth = "07",
            ExpiredYear = "29",
        };

        var text = info.ToString();

        Assert.Contains("ASSET-1", text);
        Assert.DoesNotContain(CardNo, text);
        Assert.DoesNotContain(CardNo[..6], text);
        Assert.DoesNotMatch(new Regex("(?<![\\d.])739(?!\\d)"), text);
        Assert.DoesNotContain("07", text);
    }

    [Fact]
    public async Task Logs_of_a_call_hold_no_card_number_cvv_or_signature()
    {
        string? responseSignature = null;
        using var host = new WorldFirstTestHost((request, _) =>
        {
            var response = WorldFirstResponses.Signed(request, WorldFirstResponses.Success("ASSET-1", CardNo, Cvv));
            responseSignature = response.Headers.NonValidated["Signature"].ToString();
            return response;
        });

        var info = await host.QueryAsync("ASSET-1");
        Assert.Equal(CardNo, info.CardNo);

        var logs = string.Join("\n", host.Logs.Entries);
        var requestSignature = Signature(Assert.Single(host.Server.Requests).Header("Signature"));
        Assert.Contains("QueryCardSensitiveInfo POST /amsin/api/v2/business/worldcard/queryCardSensitiveInfo -> HTTP 200", logs);
        Assert.DoesNotContain(CardNo, logs);
        Assert.DoesNotMatch(new Regex("(?<![\\d.])739(?!\\d)"), logs);
        Assert.DoesNotContain(requestSignature, logs);
        Assert.DoesNotContain(Uri.UnescapeDataString(requestSignature), logs);
        Assert.DoesNotContain(Signature(responseSignature!), logs);
    }

    [Fact]
    public async Task Logs_of_a_rejected_call_name_the_part_only()
    {
        using var host = new WorldFirstTestHost((_, _) => WorldFirstResponses.Unsigned(WorldFirstResponses.Success("ASSET-1", CardNo, Cvv)));

        await Assert.ThrowsAsync<KeySecure.Generated.Exceptions.WorldFirstSignatureException>(() => host.QueryAsync("ASSET-1"));

        var logs = string.Join("\n", host.Logs.Entries);
        Assert.Contains("-> signature MissingSignature", logs);
        Assert.DoesNotContain(CardNo, logs);
    }

    private static string Signature(string header) => Regex.Match(header, "signature=([^,\\s]+)").Groups[1].Value;
}
