using System.Buffers;
using System.Text;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.Http;

/// <summary>Reads a response body once, into a pooled array, never more than a set limit.</summary>
/// <remarks>
/// <see cref="HttpContent.ReadAsByteArrayAsync()"/> buffers into a growing MemoryStream and then copies that out;
/// reading straight into a rented array (sized by the announced length, when there is one) saves both. A body shorter
/// than announced is returned as far as it came, so the JSON reader reports it as truncated. The limit is enforced while
/// reading: a body that announces more is refused before a byte of it is read beyond an excerpt, and a body that grows
/// past it is refused as soon as it does, so a hostile or broken answer costs at most the limit in memory.
/// </remarks>
internal static class ResponseBody
{
    /// <summary>The default of <c>MaxResponseBodyBytes</c> on both providers' options: 1 MiB.</summary>
    public const int DefaultLimit = 1024 * 1024;

    /// <summary>The smallest and largest limits the options accept.</summary>
    public const int MinLimit = 4 * 1024, MaxLimit = 256 * 1024 * 1024;

    /// <summary>The start-up check of a <c>MaxResponseBodyBytes</c> setting: null when usable, else the message naming it.</summary>
    public static string? ValidateLimit(string setting, int limit) =>
        limit is >= MinLimit and <= MaxLimit
            ? null
            : $"{setting} must be between {MinLimit} and {MaxLimit} bytes (the default is {DefaultLimit}); the configured value is {limit}.";

    /// <summary>
    /// How much of a body an error's excerpt is built from: enough to fill the excerpt an exception shows after
    /// redaction and whitespace folding, little enough that a 300 KB HTML error page costs what a small one does.
    /// </summary>
    public const int ExcerptSourceBytes = 2048;

    /// <summary>
    /// Reads the body of <paramref name="response"/>, at most <paramref name="limit"/> bytes, into an array rented from
    /// <see cref="ArrayPool{T}.Shared"/>; the caller returns it (<see cref="PooledBody.Return"/>) or hands it to whoever
    /// does. A larger body is a <see cref="ProviderResponseException"/>: for a success status the provider processed
    /// the call, so a call that changes state or moves money then reports its outcome as unknown.
    /// </summary>
    public static async ValueTask<PooledBody> ReadPooledAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        var body = await ReadPooledAsync(response.Content, limit, cancellationToken).ConfigureAwait(false);
        if (!body.OverLimit) return body;

        string excerpt;
        try
        {
            excerpt = ExcerptSource(body.Bytes);
        }
        finally
        {
            body.Return();
        }
        var status = (int)response.StatusCode;
        var operation = response.RequestMessage is { } request ? OperationMetadata.Of(request) : null;
        throw SdkErrors.Unreadable(
            $"The response body is larger than the limit of {limit} bytes (the MaxResponseBodyBytes setting); it was not read further",
            status, excerpt, operation);
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of <paramref name="content"/>. When the body announces or turns
    /// out to hold more, the result is <see cref="PooledBody.OverLimit"/> and holds only the start of the body.
    /// </summary>
    public static async ValueTask<PooledBody> ReadPooledAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var announced = content.Headers.ContentLength is { } length and > 0 ? length : 0;
        // A body announced larger than the limit is refused after reading only what an excerpt needs.
        var overLimit = announced > limit;
        var capacity = overLimit ? Math.Min(limit, ExcerptSourceBytes) : limit;
        var expected = overLimit ? capacity : (int)announced;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(expected, 4096), capacity));
        var filled = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (expected == 0 || filled < expected)
                {
                    if (filled == capacity)
                    {
                        // Full: one more byte means the body is larger than the limit (or than the excerpt, when it
                        // already announced so). The buffer never grows past the limit to find out.
                        overLimit = overLimit || await HasMoreAsync(stream, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    if (filled == buffer.Length) buffer = Grow(buffer, filled, capacity);
                    var read = await stream.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length, capacity) - filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0) break;
                    filled += read;
                }
            }
            return new PooledBody(buffer, filled, overLimit);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// The start of a body an error reports (<see cref="ExcerptSourceBytes"/> at most), read and decoded; the rest is
    /// never read. For bodies that only ever become an excerpt: HTTP error statuses. Best effort: a body that breaks off
    /// gives no excerpt, and the error is still reported with its status.
    /// </summary>
    public static async ValueTask<string> ReadExcerptSourceAsync(HttpContent content, CancellationToken cancellationToken)
    {
        PooledBody body;
        try
        {
            body = await ReadPooledAsync(content, ExcerptSourceBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return string.Empty;
        }
        try
        {
            return ExcerptSource(body.Bytes);
        }
        finally
        {
            body.Return();
        }
    }

    /// <summary>The start of <paramref name="body"/> (<see cref="ExcerptSourceBytes"/> at most) as text, for an error's excerpt.</summary>
    public static string ExcerptSource(ReadOnlySpan<byte> body) =>
        Encoding.UTF8.GetString(body[..Math.Min(body.Length, ExcerptSourceBytes)]);

    private static async ValueTask<bool> HasMoreAsync(Stream stream, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
    }

    private static byte[] Grow(byte[] buffer, int filled, int capacity)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, capacity));
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}

/// <summary>
/// A response body in a pooled array: <see cref="Bytes"/> is the body, <see cref="Array"/> goes back to the pool.
/// <see cref="OverLimit"/>: the body was larger than the limit it was read with, and <see cref="Bytes"/> is only its start.
/// </summary>
internal readonly record struct PooledBody(byte[] Array, int Length, bool OverLimit = false)
{
    public ArraySegment<byte> Bytes => new(Array, 0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Array);
}
