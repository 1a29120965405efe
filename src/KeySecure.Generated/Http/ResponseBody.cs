using System.Buffers;

namespace KeySecure.Generated.Http;

/// <summary>Reads a whole response body once, into a pooled array.</summary>
/// <remarks>
/// <see cref="HttpContent.ReadAsByteArrayAsync()"/> buffers into a growing MemoryStream and then copies that out;
/// reading straight into a rented array (sized by the announced length, when there is one) saves both. A body shorter
/// than announced is returned as far as it came, so the JSON reader reports it as truncated.
/// </remarks>
internal static class ResponseBody
{
    private const long MaxPreallocated = 4 * 1024 * 1024;

    /// <summary>
    /// Reads a whole response body into an array rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns it
    /// (<see cref="PooledBody.Return"/>) or hands it to whoever does. An announced length sizes the first rent, so a
    /// body is read without growing; a body shorter than announced is returned as far as it came.
    /// </summary>
    public static async ValueTask<PooledBody> ReadPooledAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var announced = content.Headers.ContentLength is { } length and > 0 and <= MaxPreallocated ? (int)length : 0;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(announced, 4096));
        var filled = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (announced == 0 || filled < announced)
                {
                    if (filled == buffer.Length) buffer = Grow(buffer, filled);
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0) break;
                    filled += read;
                }
            }
            return new PooledBody(buffer, filled);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static byte[] Grow(byte[] buffer, int filled)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}

/// <summary>A response body in a pooled array: <see cref="Bytes"/> is the body, <see cref="Array"/> goes back to the pool.</summary>
internal readonly record struct PooledBody(byte[] Array, int Length)
{
    public ArraySegment<byte> Bytes => new(Array, 0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Array);
}
