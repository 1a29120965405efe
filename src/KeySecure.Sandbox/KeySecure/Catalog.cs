using System.Text.Json.Nodes;
using KeySecure.Sandbox.Wire;

namespace KeySecure.Sandbox.KeySecure;

/// <summary>A card product: a credit-mode package or an authorization-mode BIN.</summary>
internal sealed record CardProduct(
    string No, string NameEn, string NameCn, string Bin, string BinNo, string Organization, string PackageType,
    bool SupportsVirtual, bool SupportsPhysical, decimal ConsumeRate, IReadOnlyList<string> Currencies);

/// <summary>The seeded packages (credit mode) and BINs (authorization mode).</summary>
internal static class Catalog
{
    public static readonly IReadOnlyList<CardProduct> Packages =
    [
        new("PKG-VISA-STD", "Sandbox Visa Standard", "沙盒 Visa 标准卡", "493193", "BIN-VISA-493193", "Visa", "Standard",
            SupportsVirtual: true, SupportsPhysical: true, ConsumeRate: 0.015m, ["USD"]),
        new("PKG-MC-VIRTUAL", "Sandbox Mastercard Virtual", "沙盒万事达虚拟卡", "522981", "BIN-MC-522981", "Mastercard", "Virtual",
            SupportsVirtual: true, SupportsPhysical: false, ConsumeRate: 0.01m, ["USD"]),
    ];

    public static readonly IReadOnlyList<CardProduct> Bins =
    [
        new("BIN-VISA-493193", "Visa 493193", "Visa 493193", "493193", "BIN-VISA-493193", "Visa", "Bin",
            SupportsVirtual: true, SupportsPhysical: true, ConsumeRate: 0.015m, ["USD"]),
        new("BIN-MC-522981", "Mastercard 522981", "万事达 522981", "522981", "BIN-MC-522981", "Mastercard", "Bin",
            SupportsVirtual: true, SupportsPhysical: false, ConsumeRate: 0.01m, ["USD", "EUR"]),
    ];

    public static CardProduct? Package(string? no) => Packages.FirstOrDefault(p => p.No == no);

    public static CardProduct? Bin(string? no) => Bins.FirstOrDefault(b => b.BinNo == no);

    public static CardProduct? Of(CardRecord card) => card.PackageNo is { } p ? Package(p) : Bin(card.BinNo);

    /// <summary>The product's <c>FeeDetail</c>.</summary>
    public static JsonObject Fees(CardProduct product) => new()
    {
        ["consume_rate"] = product.ConsumeRate,
        ["open_cost"] = 5.00m,
        ["cross_consume_rate"] = 0.010m,
        ["small_consume_threshold"] = 1.00m,
        ["small_consume_deduct"] = 0.10m,
        ["free_small_consume_count"] = 3,
        ["free_small_excuse_type"] = "Forever",
        ["free_small_excuse_days"] = 0,
        ["refund_rate"] = 0.000m,
        // The provider's spelling.
        ["consume_cancle_fee"] = 0.50m,
        ["consume_cancel_threshold"] = 10.00m,
        ["decline_fee"] = 0.30m,
        ["decline_fee_free_count"] = 5,
        ["decline_fee_free_type"] = "Day",
        ["decline_fee_free_days"] = 30,
        ["atm_rate"] = 0.020m,
        ["atm_min_fee"] = 2.00m,
        ["apple_pay_fee"] = 0.00m,
        ["manage_fee_type"] = "Monthly",
        ["manage_fee"] = 1.00m,
        ["management_fee_free_type"] = "None",
        ["free_management_fee_threshold"] = 100.00m,
    };

    /// <summary>A <c>ConsumptionLimit</c>: a package's <c>consumption_limit</c>, a BIN's <c>balance_limit</c>.</summary>
    public static JsonObject Limits() => new()
    {
        ["limit_balance"] = 10000.00m,
        ["limit_week_balance"] = 20000.00m,
        ["limit_atm_day_balance"] = 1000.00m,
        ["limit_atm_month_balance"] = 5000.00m,
    };

    /// <summary>The <c>CardPackage</c> of a credit-mode product.</summary>
    public static JsonNode ToPackage(CardProduct p) => new JsonObject
    {
        ["package_no"] = p.No,
        ["package_en_name"] = p.NameEn,
        ["package_cn_name"] = p.NameCn,
        ["card_bin"] = p.Bin,
        ["card_bin_no"] = p.BinNo,
        ["organization"] = p.Organization,
        ["package_type"] = p.PackageType,
        ["en_desc"] = $"{p.NameEn} (sandbox product)",
        ["cn_desc"] = $"{p.NameCn}(沙盒产品)",
        ["en_tag_list"] = WireJson.Strings(p.SupportsPhysical ? ["Virtual", "Physical"] : ["Virtual"]),
        ["cn_tag_list"] = WireJson.Strings(p.SupportsPhysical ? ["虚拟卡", "实体卡"] : ["虚拟卡"]),
        ["fee_detail"] = Fees(p),
        ["consumption_limit"] = Limits(),
    };

    /// <summary>The <c>SupportedBin</c> of an authorization-mode product.</summary>
    public static JsonNode ToBin(CardProduct p) => new JsonObject
    {
        ["card_bin_no"] = p.BinNo,
        ["card_bin"] = p.Bin,
        ["organization"] = p.Organization,
        ["support_physical"] = p.SupportsPhysical,
        ["support_virtual"] = p.SupportsVirtual,
        ["currencies"] = WireJson.Strings(p.Currencies),
        ["balance_limit"] = Limits(),
    };
}
