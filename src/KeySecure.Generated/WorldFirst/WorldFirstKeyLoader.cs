using System.Security.Cryptography;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Reads the merchant private key and WorldFirst's public key from <see cref="WorldFirstOptions"/>. Every failure is a
/// message naming the setting; no message ever contains key text, because these messages reach logs at start-up.
/// </summary>
internal static class WorldFirstKeyLoader
{
    private const int MinimumKeySize = 2048;
    private static string Name(string property) => $"{WorldFirstOptions.SectionName}:{property}";

    /// <summary>Loads the merchant's PKCS#8 RSA private key; returns an error message instead of throwing.</summary>
    public static string? TryLoadPrivateKey(WorldFirstOptions options, out RSA? key)
    {
        key = null;
        var error = TryReadSource(options.PrivateKeyPem, options.PrivateKeyFile,
            nameof(WorldFirstOptions.PrivateKeyPem), nameof(WorldFirstOptions.PrivateKeyFile), out var setting, out var text);
        if (error is not null) return error;

        var expected = $"{setting} is not a PKCS#8 RSA private key";
        if (!TryDecode(text!, out var label, out var der)) return $"{expected} (no PEM block or Base64 key found).";
        switch (label)
        {
            case null or "PRIVATE KEY":
                break;
            case "RSA PRIVATE KEY":
                return $"{expected}: it is PKCS#1 (BEGIN RSA PRIVATE KEY); convert it with 'openssl pkcs8 -topk8 -nocrypt'.";
            case "ENCRYPTED PRIVATE KEY":
                return $"{expected}: it is password-protected (BEGIN ENCRYPTED PRIVATE KEY); supply the unencrypted PKCS#8 key.";
            case "PUBLIC KEY" or "RSA PUBLIC KEY" or "CERTIFICATE":
                return $"{expected}: it holds a public key or certificate, not the merchant's private key.";
            default:
                return $"{expected} (unexpected PEM label).";
        }

        return TryImport(der, expected, static (rsa, bytes) => { rsa.ImportPkcs8PrivateKey(bytes, out var read); return read == bytes.Length; }, out key);
    }

    /// <summary>Loads WorldFirst's X.509 SubjectPublicKeyInfo RSA public key; returns an error message instead of throwing.</summary>
    public static string? TryLoadPublicKey(WorldFirstOptions options, out RSA? key)
    {
        key = null;
        var error = TryReadSource(options.WorldFirstPublicKeyPem, options.WorldFirstPublicKeyFile,
            nameof(WorldFirstOptions.WorldFirstPublicKeyPem), nameof(WorldFirstOptions.WorldFirstPublicKeyFile), out var setting, out var text);
        if (error is not null) return error;

        var expected = $"{setting} is not an X.509 SubjectPublicKeyInfo RSA public key";
        var privateGiven = $"{expected}: it holds a private key; configure WorldFirst's public key here, and keep private keys out of this setting.";
        if (!TryDecode(text!, out var label, out var der)) return $"{expected} (no PEM block or Base64 key found).";
        switch (label)
        {
            case null or "PUBLIC KEY":
                break;
            case "PRIVATE KEY" or "RSA PRIVATE KEY" or "ENCRYPTED PRIVATE KEY":
                return privateGiven;
            case "RSA PUBLIC KEY":
                return $"{expected}: it is PKCS#1 (BEGIN RSA PUBLIC KEY); supply the SubjectPublicKeyInfo form (BEGIN PUBLIC KEY).";
            default:
                return $"{expected} (unexpected PEM label).";
        }

        var importError = TryImport(der, expected, static (rsa, bytes) => { rsa.ImportSubjectPublicKeyInfo(bytes, out var read); return read == bytes.Length; }, out key);
        // A bare Base64 private key has no label to give it away; say so rather than "not a public key".
        if (importError is not null && label is null && LooksLikePkcs8PrivateKey(der)) return privateGiven;
        return importError;
    }

    private static string? TryReadSource(string? pem, string? file, string pemProperty, string fileProperty, out string setting, out string? text)
    {
        text = null;
        var hasPem = !string.IsNullOrWhiteSpace(pem);
        var hasFile = !string.IsNullOrWhiteSpace(file);
        setting = Name(hasFile && !hasPem ? fileProperty : pemProperty);
        if (hasPem && hasFile) return $"{Name(pemProperty)} and {Name(fileProperty)} are both set; set only one.";
        if (!hasPem && !hasFile) return $"{Name(pemProperty)} or {Name(fileProperty)} is required.";
        if (hasPem)
        {
            text = pem;
            return null;
        }

        try
        {
            text = File.ReadAllText(file!);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The path is configuration, not key material, so naming it helps without leaking anything.
            return $"{setting} could not be read from '{file}' ({ex.GetType().Name}).";
        }
    }

    private static bool TryDecode(string text, out string? label, out byte[] der)
    {
        // Environment variables and JSON often carry PEM with literal "\n" sequences instead of line breaks.
        var normalized = text.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        if (PemEncoding.TryFind(normalized, out var fields))
        {
            label = normalized[fields.Label].ToString();
            der = Convert.FromBase64String(normalized[fields.Base64Data].ToString());
            return true;
        }

        // WorldFirst's portal hands out keys as bare Base64 without BEGIN/END lines.
        label = null;
        var compact = string.Concat(normalized.Where(c => !char.IsWhiteSpace(c)));
        der = new byte[compact.Length];
        if (compact.Length > 0 && Convert.TryFromBase64String(compact, der, out var written))
        {
            der = der[..written];
            return true;
        }

        der = [];
        return false;
    }

    private static string? TryImport(byte[] der, string expected, Func<RSA, byte[], bool> import, out RSA? key)
    {
        key = null;
        var rsa = RSA.Create();
        try
        {
            if (!import(rsa, der))
            {
                rsa.Dispose();
                return $"{expected} (trailing data after the key).";
            }
        }
        catch (CryptographicException)
        {
            // The inner message is not repeated: it adds nothing the setting name does not already say.
            rsa.Dispose();
            return $"{expected}.";
        }

        if (rsa.KeySize < MinimumKeySize)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            return $"{expected} of at least {MinimumKeySize} bits (it has {size}).";
        }

        key = rsa;
        return null;
    }

    private static bool LooksLikePkcs8PrivateKey(byte[] der)
    {
        using var probe = RSA.Create();
        try
        {
            probe.ImportPkcs8PrivateKey(der, out _);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
