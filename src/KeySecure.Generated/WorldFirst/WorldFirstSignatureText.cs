using System.Text;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// Builds <c>&lt;METHOD&gt; &lt;path&gt;\n&lt;Client-Id&gt;.&lt;time&gt;.&lt;body&gt;</c> as bytes. The body is appended as
/// the raw bytes sent or received, never decoded and re-encoded, because any re-serialization breaks the signature.
/// </summary>
internal static class WorldFirstSignatureText
{
    public static byte[] Build(string method, string path, string clientId, string time, ReadOnlySpan<byte> body)
    {
        // One space, one "\n" (never "\r\n"), dots: exactly as x-worldfirst-signature documents.
        var prefix = Encoding.UTF8.GetBytes($"{method} {path}\n{clientId}.{time}.");
        var text = new byte[prefix.Length + body.Length];
        prefix.CopyTo(text, 0);
        body.CopyTo(text.AsSpan(prefix.Length));
        return text;
    }
}
