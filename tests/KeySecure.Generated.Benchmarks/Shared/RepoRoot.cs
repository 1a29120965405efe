using System.Reflection;

namespace KeySecure.Generated.Benchmarks;

/// <summary>The repository root: the exe lives under an ArtifactsPath, so the build tells it where the repository is.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var fromBuild = typeof(RepoRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (fromBuild is not null && File.Exists(System.IO.Path.Combine(fromBuild, "KeySecure.Generated.sln"))) return fromBuild;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "KeySecure.Generated.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (KeySecure.Generated.sln).");
    }
}
