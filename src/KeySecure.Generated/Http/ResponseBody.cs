namespace KeySecure.Generated.Http;

/// <summary>Reads a whole response body into one array, copying it once.</summary>
/// <remarks>
/// <see cref="HttpContent.ReadAsByteArrayAsync()"/> buffers into a growing MemoryStream and then copies that out;
/// when the length is announced, reading straight into an array of that size saves both. A body shorter than
/// announced is returned as far as it came, so the JSON reader reports it as truncated.
/// </remarks>
internal static class ResponseBody
{
    private const long MaxPreallocated = 4 * 1024 * 1024;

    public static async Task<byte[]> ReadAllAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is not { } length || length > MaxPreallocated)
        {
            return await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        var buffer = new byte[length];
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == buffer.Length ? buffer : buffer[..read];
        }
    }
}
