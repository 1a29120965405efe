using System.Reflection;

namespace KeySecure.Generated.SpecTesting;

/// <summary>Finds the repository's openapi/ folder from the test binaries (or the root stamped at build time).</summary>
internal static class RepoLocator
{
    private const string SolutionFile = "KeySecure.Generated.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string OpenApi(string fileName) => Path.Combine(LazyRoot.Value, "openapi", fileName);

    private static string FindRoot()
    {
        var stamped = typeof(RepoLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        foreach (var start in new[] { AppContext.BaseDirectory, stamped, Directory.GetCurrentDirectory() })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Cannot find {SolutionFile} above {AppContext.BaseDirectory} (nor at '{stamped}').");
    }
}
