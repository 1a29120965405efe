using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Sandbox.KeySecure;

// Card products: the card packages (credit mode) and the supported BINs (authorization mode).
internal sealed partial class KeySecureApi
{
    private object? ListPackages(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var request = Body<ListCardPackagesRequest>(c);
        var matches = Catalog.Packages.Where(p => Matches(request.PackageNo, p.No) && Matches(request.Type, p.PackageType));
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new CardPackagePage { List = items.Select(Catalog.ToPackage).ToList(), Total = total, Page = page, Size = size };
    }

    private object? ListBins(Call c)
    {
        RequireMode(MerchantMode.AuthorizationOnly);
        var request = Body<ListSupportedBinsRequest>(c);
        var matches = Catalog.Bins.Where(b => Matches(request.CardBinNo, b.BinNo));
        var (page, size, total, items) = Page(matches, request.Page, request.Size);
        return new SupportedBinPage { List = items.Select(Catalog.ToBin).ToList(), Total = total, Page = page, Size = size };
    }
}
