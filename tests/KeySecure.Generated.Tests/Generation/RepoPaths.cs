using System.Reflection;
using System.Runtime.CompilerServices;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>Locates the repository (the folder holding KeySecure.Generated.sln) and the files the generation uses.</summary>
internal static class RepoPaths
{
    private const string SolutionFile = "KeySecure.Generated.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root, with a trailing directory separator.</summary>
    public static string Root => LazyRoot.Value;

    public static string KeySecureSpec => Path.Combine(Root, "openapi", "keysecure.yaml");

    public static string WorldFirstSpec => Path.Combine(Root, "openapi", "worldfirst.yaml");

    public static string NSwagConfig => Path.Combine(Root, "nswag.json");

    /// <summary>The tools folder of the NSwag.MSBuild package the build uses (recorded at compile time).</summary>
    public static string NSwagDir =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NSwagDir").Value
        ?? throw new InvalidOperationException("The test assembly does not record NSwagDir.");

    /// <summary>The NSwag executable of the NSwag.MSBuild package the build uses.</summary>
    public static string NSwagDll => Path.Combine(NSwagDir, "dotnet-nswag.dll");

    /// <summary>The tool the build runs to derive the view NSwag reads from a spec (build/OpenApiViews, copied beside the tests).</summary>
    public static string OpenApiViewsDll => Path.Combine(AppContext.BaseDirectory, "OpenApiViews.dll");

    public static string TemplateDirectory => Path.Combine(Root, "build", "templates");

    public static string GenerationTargets => Path.Combine(Root, "build", "OpenApiGeneration.targets");

    private static string FindRoot()
    {
        // The test binaries normally sit under the repo, but with -p:ArtifactsPath=/tmp/... they do not; the compile-time
        // path of this source file is the fallback.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), SourceDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return Path.TrimEndingDirectorySeparator(dir.FullName) + Path.DirectorySeparatorChar;
                }
            }
        }

        throw new InvalidOperationException(
            $"Could not find {SolutionFile} above {AppContext.BaseDirectory}, the current directory or {SourceDirectory()}.");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? "/";
}
