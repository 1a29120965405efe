namespace KeySecure.Sandbox;

/// <summary>
/// The state file given in <see cref="SandboxOptions.StateFile"/> exists but cannot be used: corrupt, truncated, of
/// another kind or of another format version. The sandbox does not start, so the file is never silently replaced.
/// </summary>
public sealed class SandboxStateFileException : Exception
{
    /// <summary>Creates the exception; the message names the file and the problem, never its contents.</summary>
    public SandboxStateFileException(string path, string problem)
        : base($"The sandbox state file {path} cannot be used: {problem}. Move it away or choose another state file; it was left untouched.")
    {
        Path = path;
    }

    /// <summary>The state file.</summary>
    public string Path { get; }
}
