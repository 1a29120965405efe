using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.Tests.Wire;

/// <summary>
/// Read generously, write strictly: numeric response fields accept a JSON number or a numeric string, money stays an
/// exact decimal, requests are written as the spec declares. Everything goes through <see cref="JsonDefaults.Options"/>,
/// whose only metadata source is the source-generated contexts, so a setting that source-generated metadata ignored
/// would fail here.
/// </summary>
public sealed class NumberToleranceTests
{
    private static readonly JsonSerializerOptions Options = JsonDefaults.Options;

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static CardDetail ReadCard(string feeDetailJson) =>
        JsonDefaults.Deserialize<CardDetail>($$"""{"card_no":"C1","status":"Activated","fee_detail":{{feeDetailJson}}}""", Options)!;

    [Fact]
    public void Decimals_and_integers_round_trip_exactly_from_numbers_and_from_strings()
    {
        var property = Prop.ForAll<decimal, int, long>((money, count, total) =>
        {
            var card = ReadCard(
                $$"""{"open_cost":{{Text(money)}},"consume_rate":"{{Text(money)}}","free_small_consume_count":"{{count}}","decline_fee_free_days":{{count}}}""");
            var page = JsonDefaults.Deserialize<CardPage>($$"""{"list":[],"total":"{{total}}","page":{{count}}}""", Options)!;

            // Exact: same value and same scale ("1.50" stays 1.50), whichever way the number arrived.
            var read = Text(card.FeeDetail!.OpenCost!.Value) == Text(money)
                       && Text(card.FeeDetail.ConsumeRate!.Value) == Text(money)
                       && card.FeeDetail.FreeSmallConsumeCount == count
                       && card.FeeDetail.DeclineFeeFreeDays == count
                       && page.Total == total && page.Page == count;

            // Written back as JSON numbers with the same digits.
            var written = JsonNode.Parse(JsonSerializer.Serialize(card.FeeDetail, Options))!.AsObject();
            var wrote = written["open_cost"]!.GetValueKind() == JsonValueKind.Number
                        && written["open_cost"]!.ToJsonString() == Text(money)
                        && written["free_small_consume_count"]!.ToJsonString() == count.ToString(CultureInfo.InvariantCulture);
            return read && wrote;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Theory]
    [InlineData("0.015", "0.015")]
    [InlineData("\"0.015\"", "0.015")]
    [InlineData("\"1.50\"", "1.50")]
    [InlineData("1.5E2", "150")]
    [InlineData("\"-2\"", "-2")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void A_fee_reads_exactly_from_a_number_or_a_string(string wire, string expected)
    {
        var card = ReadCard($$"""{"atm_rate":{{wire}}}""");

        Assert.Equal(expected, Text(card.FeeDetail!.AtmRate!.Value));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void An_empty_string_or_null_reads_as_no_value(string wire)
    {
        var card = ReadCard($$"""{"open_cost":{{wire}},"decline_fee_free_count":{{wire}}}""");
        var page = JsonDefaults.Deserialize<CardPage>($$"""{"total":{{wire}}}""", Options)!;

        Assert.Null(card.FeeDetail!.OpenCost);
        Assert.Null(card.FeeDetail.DeclineFeeFreeCount);
        Assert.Null(page.Total);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"1,5\"")]
    [InlineData("\" 1.5\"")]
    [InlineData("\"NaN\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Garbage_is_an_error_never_zero(string wire)
    {
        Assert.Throws<JsonException>(() => ReadCard($$"""{"open_cost":{{wire}}}"""));
    }

    [Fact]
    public void A_fractional_or_out_of_range_count_is_an_error()
    {
        Assert.Throws<JsonException>(() => ReadCard("""{"free_small_consume_count":"1.5"}"""));
        Assert.Throws<JsonException>(() => ReadCard("""{"free_small_consume_count":3000000000}"""));
    }

    [Fact]
    public void Every_money_field_of_the_transfer_and_accounts_reads_numbers_and_strings()
    {
        var transfer = JsonDefaults.Deserialize<TransferResult>(
            """{"transfer_no":"T1","before_balance":100,"after_balance":"69.50"}""", Options)!;
        var accounts = JsonDefaults.Deserialize<CardholderAccounts>(
            """{"list":[{"balance":"69.50","usd_balance":69.5,"bonus_balance":"","usd_bonus_balance":0}]}""", Options)!;
        var consumption = JsonDefaults.Deserialize<Consumption>(
            """{"amount":"12.34","local_amount":90.1,"fee":"0.19","extra":"kept"}""", Options)!;

        Assert.Equal((100m, 69.50m), (transfer.BeforeBalance, transfer.AfterBalance));
        var account = Assert.Single(accounts.List!);
        Assert.Equal((69.50m, 69.5m, (decimal?)null, 0m), (account.Balance, account.UsdBalance, account.BonusBalance, account.UsdBonusBalance));
        Assert.Equal((12.34m, 90.1m, 0.19m), (consumption.Amount, consumption.LocalAmount, consumption.Fee));
        Assert.True(consumption.AdditionalProperties.ContainsKey("extra"));
    }

    [Fact]
    public void Requests_send_the_type_the_spec_declares()
    {
        var body = JsonNode.Parse(JsonDefaults.SerializeToUtf8Bytes(
            new TransferFundsRequest { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" },
            Options))!.AsObject();
        var list = JsonNode.Parse(JsonDefaults.SerializeToUtf8Bytes(new ListCardsRequest { Page = 2, Size = 50 }, Options))!.AsObject();

        Assert.Equal(JsonValueKind.String, body["balance"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, list["page"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, list["size"]!.GetValueKind());
    }

    [Fact]
    public void The_options_resolve_only_source_generated_metadata()
    {
        // If reflection metadata crept in, the options-level settings above would no longer prove anything about the
        // source-generated contexts; an unlisted type must therefore be refused.
        Assert.ThrowsAny<NotSupportedException>(() => Options.GetTypeInfo(typeof(NumberToleranceTests)));
        Assert.Equal(typeof(CardDetail), Options.GetTypeInfo(typeof(CardDetail)).Type);
    }
}
