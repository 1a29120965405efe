using System.Text.Json.Nodes;
using KeySecure.Cli.Commands;
using KeySecure.Cli.Output;
using KeySecure.Generated;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Cli.Tour;

/// <summary>The tour against configured hosts: reads only, nothing is created, changed or moved.</summary>
internal static class ReadOnlyTour
{
    public static async Task RunAsync(CliSettings settings, TourRecorder tour, TextWriter stderr, string? cardNo, string? assetId, CancellationToken ct)
    {
        if (settings.HasKeySecure)
        {
            settings.RequireKeySecure();
            await using var services = SdkServices.Build(settings, stderr, keySecure: true, worldFirst: false);
            var ks = services.KeySecure();

            await tour.StepAsync("token", $"Get Token from {settings.KeySecureBaseUrl} (the token is never shown)",
                async c => TokenExpiry.Describe((await ks.Token.GetTokenAsync(c).ConfigureAwait(false)).ExpiredTime, services),
                expiry => new JsonObject { ["expires_at"] = expiry["expires_at"]?.DeepClone() },
                expiry => $"expires at {expiry["expires_at"]}");

            await tour.StepAsync("cardholder-list", "List Cardholders (first page)",
                c => ks.Cardholders.ListCardholdersAsync(new ListCardholdersRequest { Page = 0, Size = 5 }, c),
                page => new JsonObject { ["total"] = page.Total, ["first_cardholder_no"] = page.List?.FirstOrDefault()?.CardholderNo },
                page => $"{page.Total ?? page.List?.Count ?? 0} cardholder(s)");

            var cards = await tour.StepAsync("card-list", "List Cards (first page)",
                c => ks.Cards.ListCardsAsync(new ListCardsRequest { Page = 0, Size = 5 }, c),
                page => new JsonObject { ["total"] = page.Total, ["first_card_no"] = page.List?.FirstOrDefault()?.CardNo },
                page => $"{page.Total ?? page.List?.Count ?? 0} card(s)");

            var shown = cardNo ?? cards.List?.FirstOrDefault()?.CardNo;
            if (shown is null)
            {
                tour.Skip("card-detail", "Get Card Detail", "no card to show (none listed; pass --card-no)");
                tour.Skip("consumption-list", "List Consumptions of the card", "no card");
            }
            else
            {
                await tour.StepAsync("card-detail", $"Get Card Detail {shown}",
                    c => ks.Cards.GetCardDetailAsync(shown, c),
                    d => new JsonObject { ["card_no"] = d.CardNo, ["status"] = d.Status?.Value, ["card_type"] = d.CardType?.Value },
                    d => $"{d.CardType} card, status {d.Status}, last four {d.CardLastNo}");

                await tour.StepAsync("consumption-list", $"List Consumptions of {shown}",
                    c => ks.Consumptions.ListConsumptionsAsync(new ListConsumptionsRequest { CardNo = shown, Page = 0, Size = 5 }, c),
                    page => new JsonObject { ["total"] = page.Total, ["first_consume_no"] = page.List?.FirstOrDefault()?.ConsumeNo },
                    page => $"{page.Total ?? page.List?.Count ?? 0} consumption(s)");
            }
        }
        else
        {
            tour.Skip("keysecure", "KeySecure read-only steps", $"{CliSettings.KeySecureBaseUrlVariable} is not set");
        }

        if (settings.HasWorldFirst && assetId is not null)
        {
            settings.RequireWorldFirst();
            await using var services = SdkServices.Build(settings, stderr, keySecure: false, worldFirst: true);
            var wf = services.WorldCard();
            await tour.StepAsync("worldfirst-sensitive-info", $"WorldFirst queryCardSensitiveInfo {assetId} (signed request, verified response, shown masked)",
                c => wf.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = assetId }, c),
                info => new JsonObject { ["asset_id"] = info.AssetId, ["result_status"] = info.Result?.ResultStatus?.Value },
                info => $"card {Masking.MaskPan(info.CardNo)}, CVV {Masking.MaskCvv(info.Cvv)}, expires {info.ExpiredMonth}/{info.ExpiredYear}");
        }
        else
        {
            tour.Skip("worldfirst-sensitive-info", "WorldFirst queryCardSensitiveInfo",
                settings.HasWorldFirst ? "pass --asset-id to query a card" : $"{CliSettings.WorldFirstBaseUrlVariable} is not set");
        }
    }
}
