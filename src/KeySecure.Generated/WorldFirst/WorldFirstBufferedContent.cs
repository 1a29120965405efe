using KeySecure.Generated.Http;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// The response body read once into a pooled buffer. The verification and result handlers need the raw bytes, and the
/// generated client must deserialize exactly those bytes; this content lets them share one buffer. Only the SDK reads
/// it, so it carries no headers of its own (Content-Length is computed from the buffer).
/// </summary>
internal sealed class WorldFirstBufferedContent(PooledBody body) : BufferedJsonContent(body.Bytes, body.Array)
{
    /// <summary>
    /// Returns the raw body, reading and buffering it into <paramref name="response"/> on first use, at most
    /// <paramref name="limit"/> bytes (<see cref="WorldFirstOptions.MaxResponseBodyBytes"/>; a larger body is a
    /// <see cref="Exceptions.ProviderResponseException"/>).
    /// </summary>
    /// <remarks>The memory is valid while the response is not disposed: use it within the attempt.</remarks>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        if (response.Content is WorldFirstBufferedContent buffered) return buffered.Json;
        if (response.Content is null) return ReadOnlyMemory<byte>.Empty;

        var original = response.Content;
        var content = new WorldFirstBufferedContent(await ResponseBody.ReadPooledAsync(response, limit, cancellationToken).ConfigureAwait(false));
        response.Content = content;
        original.Dispose();
        return content.Json;
    }
}
