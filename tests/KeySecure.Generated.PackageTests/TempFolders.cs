namespace KeySecure.Generated.PackageTests;

/// <summary>Removes the temp folders the package fixtures pack and restore into.</summary>
internal static class TempFolders
{
    public static ValueTask DeleteAsync(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        return ValueTask.CompletedTask;
    }
}
