using System.Security.Cryptography;

namespace KeySecure.Sandbox;

/// <summary>
/// Writes files that hold secrets (the sandbox's state, key files): readable by the owner only (mode 0600 on Unix,
/// set when the file is created, never widened by the umask), through a random temporary name in the same folder
/// created exclusively (so nothing can be planted there in advance), then renamed over the target, so a reader sees the
/// old file or the new one and never half of one.
/// </summary>
internal static class PrivateFile
{
    /// <summary>Owner read and write.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/> as described on <see cref="PrivateFile"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{RandomNumberGenerator.GetHexString(16, lowercase: true)}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Text as UTF-8, written as <see cref="WriteAllBytes"/> does.</summary>
    public static void WriteAllText(string path, string contents) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(contents));
}
