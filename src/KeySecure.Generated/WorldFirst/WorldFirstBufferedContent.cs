using System.Net.Http.Headers;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// The response body read once into memory. The verification and result handlers need the raw bytes, and the
/// generated client must deserialize exactly those bytes; this content lets them share one buffer.
/// </summary>
internal sealed class WorldFirstBufferedContent : ByteArrayContent
{
    private WorldFirstBufferedContent(byte[] body, HttpContentHeaders original)
        : base(body)
    {
        Body = body;
        foreach (var header in original.NonValidated)
        {
            // Content-Length is recomputed from the buffer; everything else (Content-Type, charset) is kept as sent.
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>The raw response body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Returns the raw body, reading and buffering it into <paramref name="response"/> on first use.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is WorldFirstBufferedContent buffered) return buffered.Body;
        if (response.Content is null) return ReadOnlyMemory<byte>.Empty;

        var original = response.Content;
        var bytes = await Http.ResponseBody.ReadAllAsync(original, cancellationToken).ConfigureAwait(false);
        response.Content = new WorldFirstBufferedContent(bytes, original.Headers);
        original.Dispose();
        return bytes;
    }
}
