namespace KeySecure.Cli.Tour;

/// <summary>WorldFirst asset ids the embedded sandbox steers by their prefix.</summary>
internal static class SandboxAssets
{
    /// <summary>An asset whose first query answers <c>U UNKNOWN_EXCEPTION</c> and every later one <c>S</c> (prefix <c>U-</c>).</summary>
    public static string UnknownOnce(string run) => "U-TOUR-" + run.ToUpperInvariant();
}
