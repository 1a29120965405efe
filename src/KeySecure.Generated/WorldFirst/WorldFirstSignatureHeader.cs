using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.WorldFirst;

/// <summary>Formats and parses <c>Signature: algorithm=RSA256, keyVersion=&lt;n&gt;, signature=&lt;url-encoded base64&gt;</c>.</summary>
internal static class WorldFirstSignatureHeader
{
    public const string Name = "Signature";
    public const string Algorithm = "RSA256";

    /// <summary>The request header value; Uri.EscapeDataString gives the uppercase percent-encoding WorldFirst expects.</summary>
    public static string Format(int keyVersion, byte[] signature) =>
        $"algorithm={Algorithm}, keyVersion={keyVersion}, signature={Uri.EscapeDataString(Convert.ToBase64String(signature))}";

    /// <summary>
    /// Parses a response header tolerantly: parts in any order, any spacing, keys and the algorithm in any case,
    /// optional quotes, the signature URL-encoded or not. Returns why it failed, or null with the decoded signature.
    /// </summary>
    public static WorldFirstSignaturePart? TryParse(string header, out byte[] signature)
    {
        signature = [];
        string? algorithm = null;
        string? encoded = null;
        foreach (var part in header.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: Base64 padding is also '='.
            var equals = part.IndexOf('=');
            if (equals <= 0) return WorldFirstSignaturePart.MalformedHeader;
            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim().Trim('"');
            if (key.Equals("algorithm", StringComparison.OrdinalIgnoreCase)) algorithm = value;
            else if (key.Equals("signature", StringComparison.OrdinalIgnoreCase)) encoded = value;
            // keyVersion and unknown parts do not affect verification: the configured public key decides.
        }

        if (string.IsNullOrEmpty(encoded)) return WorldFirstSignaturePart.MalformedHeader;
        // A missing algorithm is taken as RSA256, the only one WorldFirst documents.
        if (algorithm is not null && !algorithm.Equals(Algorithm, StringComparison.OrdinalIgnoreCase))
            return WorldFirstSignaturePart.UnsupportedAlgorithm;

        // Unescaping raw Base64 is harmless: it has no '%', and '+' is left alone by UnescapeDataString.
        var base64 = encoded.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(encoded) : encoded;
        // A '+' turned into ' ' by form-decoding somewhere on the way; Base64 never contains spaces.
        base64 = base64.Replace(' ', '+');
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written) || written == 0)
            return WorldFirstSignaturePart.MalformedHeader;
        signature = buffer[..written];
        return null;
    }
}
