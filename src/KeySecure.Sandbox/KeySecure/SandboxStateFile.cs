using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace KeySecure.Sandbox.KeySecure;

/// <summary>
/// Loads and saves <see cref="SandboxState"/>. The file holds the ApiSecret, both RSA private keys, PANs and CVVs, so
/// it is written like a key file: through <see cref="PrivateFile"/> (mode 0600 on Unix, a random temporary name
/// created exclusively in the same folder, then renamed). A file that cannot be read as this format and version is a
/// <see cref="SandboxStateFileException"/>: the sandbox never starts afresh over it.
/// </summary>
internal static class SandboxStateFile
{
    /// <summary>The value of the state file's <c>Format</c> member.</summary>
    public const string FormatName = "keysecure-sandbox-state";

    /// <summary>Version 2 added <c>Format</c>; version 1 files (no marker) are refused like any foreign file.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The state in <paramref name="path"/>, or null when there is no such file.</summary>
    public static SandboxState? Load(string path)
    {
        if (!File.Exists(path)) return null;
        SandboxState? state;
        try
        {
            using var stream = File.OpenRead(path);
            state = JsonSerializer.Deserialize(stream, SandboxStateJsonContext.Default.SandboxState);
        }
        catch (JsonException e)
        {
            throw new SandboxStateFileException(path,
                $"it is not a complete sandbox state file (corrupt, truncated or of another kind: {e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SandboxStateFileException(path, $"it cannot be read ({e.Message})");
        }

        if (state is null || state.Format != FormatName)
        {
            throw new SandboxStateFileException(path, $"it is not a sandbox state file (its Format is not \"{FormatName}\")");
        }
        if (state.Version != CurrentVersion)
        {
            throw new SandboxStateFileException(path, $"it is format version {state.Version}; this sandbox reads version {CurrentVersion} only");
        }
        if (!Usable(state.Credentials))
        {
            throw new SandboxStateFileException(path, "its credentials are missing or are not usable keys");
        }
        return state;
    }

    private static bool Usable([NotNullWhen(true)] SandboxCredentials? credentials)
    {
        if (credentials is null || string.IsNullOrEmpty(credentials.ApiKey) || string.IsNullOrEmpty(credentials.ApiSecret)) return false;
        try
        {
            foreach (var pem in new[] { credentials.MerchantPublicKeyPem, credentials.WorldFirstPrivateKeyPem })
            {
                using var key = RSA.Create();
                key.ImportFromPem(pem);
            }
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    public static void Save(string path, SandboxState state) =>
        PrivateFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(state, SandboxStateJsonContext.Default.SandboxState));
}
