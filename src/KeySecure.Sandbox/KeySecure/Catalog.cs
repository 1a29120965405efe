using KeySecure.Generated.OpenPlatform;

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

    public static FeeDetail Fees(CardProduct product) => new()
    {
        ConsumeRate = product.ConsumeRate,
        OpenCost = 5.00m,
        CrossConsumeRate = 0.010m,
        SmallConsumeThreshold = 1.00m,
        SmallConsumeDeduct = 0.10m,
        FreeSmallConsumeCount = 3,
        FreeSmallExcuseType = ExemptionType.Forever,
        FreeSmallExcuseDays = 0,
        RefundRate = 0.000m,
        ConsumeCancleFee = 0.50m,
        ConsumeCancelThreshold = 10.00m,
        DeclineFee = 0.30m,
        DeclineFeeFreeCount = 5,
        DeclineFeeFreeType = ExemptionType.Day,
        DeclineFeeFreeDays = 30,
        AtmRate = 0.020m,
        AtmMinFee = 2.00m,
        ApplePayFee = 0.00m,
        ManageFeeType = "Monthly",
        ManageFee = 1.00m,
        ManagementFeeFreeType = ExemptionType.None,
        FreeManagementFeeThreshold = 100.00m,
    };

    public static ConsumptionLimit Limits() => new()
    {
        LimitBalance = 10000.00m,
        LimitWeekBalance = 20000.00m,
        LimitAtmDayBalance = 1000.00m,
        LimitAtmMonthBalance = 5000.00m,
    };

    public static CardPackage ToPackage(CardProduct p) => new()
    {
        PackageNo = p.No,
        PackageEnName = p.NameEn,
        PackageCnName = p.NameCn,
        CardBin = p.Bin,
        CardBinNo = p.BinNo,
        Organization = p.Organization,
        PackageType = p.PackageType,
        EnDesc = $"{p.NameEn} (sandbox product)",
        CnDesc = $"{p.NameCn}(沙盒产品)",
        EnTagList = p.SupportsPhysical ? ["Virtual", "Physical"] : ["Virtual"],
        CnTagList = p.SupportsPhysical ? ["虚拟卡", "实体卡"] : ["虚拟卡"],
        FeeDetail = Fees(p),
        ConsumptionLimit = Limits(),
    };

    public static SupportedBin ToBin(CardProduct p) => new()
    {
        CardBinNo = p.BinNo,
        CardBin = p.Bin,
        Organization = p.Organization,
        SupportPhysical = p.SupportsPhysical,
        SupportVirtual = p.SupportsVirtual,
        Currencies = [.. p.Currencies],
        BalanceLimit = Limits(),
    };
}
