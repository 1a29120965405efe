using System.Diagnostics;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>Runs the openssl command line: an implementation of SHA256withRSA that shares no code with the SDK.</summary>
internal static class OpenSsl
{
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>Verifies a signature over <paramref name="text"/> with a PEM public key file.</summary>
    public static (int ExitCode, string Output) Verify(string publicKeyFile, byte[] text, byte[] signature)
    {
        var directory = Directory.CreateTempSubdirectory("wf-openssl-").FullName;
        var textFile = Path.Combine(directory, "text.txt");
        var signatureFile = Path.Combine(directory, "sig.bin");
        File.WriteAllBytes(textFile, text);
        File.WriteAllBytes(signatureFile, signature);
        return Run("dgst", "-sha256", "-verify", publicKeyFile, "-signature", signatureFile, textFile);
    }

    /// <summary>Signs <paramref name="text"/> with a PEM private key file.</summary>
    public static byte[] Sign(string privateKeyFile, byte[] text)
    {
        var directory = Directory.CreateTempSubdirectory("wf-openssl-").FullName;
        var textFile = Path.Combine(directory, "text.txt");
        var signatureFile = Path.Combine(directory, "sig.bin");
        File.WriteAllBytes(textFile, text);
        var (exitCode, output) = Run("dgst", "-sha256", "-sign", privateKeyFile, "-out", signatureFile, textFile);
        Assert.True(exitCode == 0, $"openssl failed: {output}");
        return File.ReadAllBytes(signatureFile);
    }
}
