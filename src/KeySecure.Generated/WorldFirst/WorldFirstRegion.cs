namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// The WorldFirst gateways listed in WorldFirst's public API overview (and as <c>servers</c> in worldfirst.yaml). Use
/// the one WorldFirst assigned to the merchant; there is no default.
/// </summary>
public enum WorldFirstRegion
{
    /// <summary>SG: <c>https://open-sea.worldfirst.com</c>.</summary>
    Singapore = 1,

    /// <summary>EU: <c>https://open-eu.worldfirst.com</c>.</summary>
    Europe = 2,

    /// <summary>US: <c>https://open-na.worldfirst.com</c>.</summary>
    UnitedStates = 3,
}

/// <summary>The documented gateway host of each <see cref="WorldFirstRegion"/>.</summary>
internal static class WorldFirstGateways
{
    /// <summary>SG gateway.</summary>
    public static readonly Uri Singapore = new("https://open-sea.worldfirst.com/");

    /// <summary>EU gateway.</summary>
    public static readonly Uri Europe = new("https://open-eu.worldfirst.com/");

    /// <summary>US gateway.</summary>
    public static readonly Uri UnitedStates = new("https://open-na.worldfirst.com/");

    /// <summary>The gateway of <paramref name="region"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the documented regions.</exception>
    public static Uri For(WorldFirstRegion region) => region switch
    {
        WorldFirstRegion.Singapore => Singapore,
        WorldFirstRegion.Europe => Europe,
        WorldFirstRegion.UnitedStates => UnitedStates,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Not a documented WorldFirst region (Singapore, Europe, UnitedStates)."),
    };
}
