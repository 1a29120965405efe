using System.Reflection;

namespace KeySecure.Generated.Tests.ApiBaseline;

/// <summary>
/// The public API of each library is checked in as text. A spec edit or code change that alters what users can call
/// fails here with a readable diff, so the change is reviewed. To accept it, copy the `.received.txt` the failure
/// names over the baseline.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Libraries => new() { "KeySecure.Generated", "KeySecure.Generated.AspNetCore" };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_public_api_matches_the_checked_in_baseline(string library)
    {
        var actual = PublicApiWriter.Write(Assembly.Load(library));
        var baselinePath = Path.Combine(SourceDirectory(), $"{library}.txt");
        var receivedPath = Path.ChangeExtension(baselinePath, ".received.txt");
        var expected = File.Exists(baselinePath) ? File.ReadAllText(baselinePath).ReplaceLineEndings("\n") : string.Empty;

        if (actual == expected)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"The public API of {library} changed. Review and, if intended, copy {receivedPath} over {baselinePath}.\n{LineDiff.Describe(expected, actual)}");
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
