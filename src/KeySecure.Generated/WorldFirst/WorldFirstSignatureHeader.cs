using System.Buffers;
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
        // Spans over the header rather than Split and substrings: the signature part alone is ~350 characters.
        signature = [];
        ReadOnlySpan<char> algorithm = default, encoded = default;
        var hasAlgorithm = false;
        var rest = header.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOfAny(',', ';');
            var part = (end < 0 ? rest : rest[..end]).Trim();
            rest = end < 0 ? ReadOnlySpan<char>.Empty : rest[(end + 1)..];
            if (part.IsEmpty) continue;

            // Split at the first '=' only: Base64 padding is also '='.
            var equals = part.IndexOf('=');
            if (equals <= 0) return WorldFirstSignaturePart.MalformedHeader;
            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim().Trim('"');
            if (key.Equals("algorithm", StringComparison.OrdinalIgnoreCase))
            {
                algorithm = value;
                hasAlgorithm = true;
            }
            else if (key.Equals("signature", StringComparison.OrdinalIgnoreCase))
            {
                encoded = value;
            }
            // keyVersion and unknown parts do not affect verification: the configured public key decides.
        }

        if (encoded.IsEmpty) return WorldFirstSignaturePart.MalformedHeader;
        // A missing algorithm is taken as RSA256, the only one WorldFirst documents.
        if (hasAlgorithm && !algorithm.Equals(Algorithm, StringComparison.OrdinalIgnoreCase))
            return WorldFirstSignaturePart.UnsupportedAlgorithm;

        var chars = ArrayPool<char>.Shared.Rent(encoded.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            // Unescaping raw Base64 is harmless: it has no '%', and '+' is left alone by unescaping.
            var base64 = Unescape(encoded, chars);
            // A '+' turned into ' ' by form-decoding somewhere on the way; Base64 never contains spaces.
            base64.Replace(' ', '+');
            if (!Convert.TryFromBase64Chars(base64, bytes, out var written) || written == 0)
                return WorldFirstSignaturePart.MalformedHeader;
            signature = bytes.AsSpan(0, written).ToArray();
            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // The percent-decoded value in `buffer` (never longer than the value itself).
    private static Span<char> Unescape(ReadOnlySpan<char> value, char[] buffer)
    {
        if (!value.Contains('%'))
        {
            value.CopyTo(buffer);
            return buffer.AsSpan(0, value.Length);
        }
#if NET9_0_OR_GREATER
        return Uri.TryUnescapeDataString(value, buffer, out var written) ? buffer.AsSpan(0, written) : Span<char>.Empty;
#else
        var unescaped = Uri.UnescapeDataString(value.ToString());
        unescaped.CopyTo(buffer);
        return buffer.AsSpan(0, unescaped.Length);
#endif
    }
}
