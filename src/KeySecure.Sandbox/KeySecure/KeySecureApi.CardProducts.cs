using System.Text.Json.Nodes;

namespace KeySecure.Sandbox.KeySecure;

// Card products: the card packages (credit mode) and the supported BINs (authorization mode).
internal sealed partial class KeySecureApi
{
    private JsonNode? ListPackages(Call c)
    {
        RequireMode(MerchantMode.CreditOnly);
        var (packageNo, type) = (c.Request.String("package_no"), c.Request.String("type"));
        var matches = Catalog.Packages.Where(p => Matches(packageNo, p.No) && Matches(type, p.PackageType));
        return Paged(c, matches, Catalog.ToPackage);
    }

    private JsonNode? ListBins(Call c)
    {
        RequireMode(MerchantMode.AuthorizationOnly);
        var binNo = c.Request.String("card_bin_no");
        return Paged(c, Catalog.Bins.Where(b => Matches(binNo, b.BinNo)), Catalog.ToBin);
    }
}
