using System.Reflection;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>Locates the repository (the folder holding KeySecure.Generated.sln) and files in it.</summary>
internal static class RepoPaths
{
    private const string SolutionFile = "KeySecure.Generated.sln";

    public static string Root { get; } = FindRoot();

    public static string OpenApi(string fileName) => Path.Combine(Root, "openapi", fileName);

    private static string FindRoot()
    {
        // Normal case: the test binaries live under the repo (bin/...).
        var found = WalkUp(AppContext.BaseDirectory);
        if (found is not null) return found;

        // With -p:ArtifactsPath=/tmp/... the binaries live outside the repo: fall back to the root stamped at build time.
        var stamped = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        found = stamped is null ? null : WalkUp(stamped);
        if (found is not null) return found;

        found = WalkUp(Directory.GetCurrentDirectory());
        return found ?? throw new InvalidOperationException(
            $"Cannot find {SolutionFile} above {AppContext.BaseDirectory} (nor at the build-time repo root '{stamped}').");
    }

    private static string? WalkUp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return null;
    }
}
