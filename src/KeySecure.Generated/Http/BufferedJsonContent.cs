using System.Buffers;
using System.Net;
using System.Text.Json;

namespace KeySecure.Generated.Http;

/// <summary>
/// A response body a handler already read (and checked) in memory, handed on to the generated client in place of the
/// network content. The SDK's serializer reads <see cref="Deserialize{T}"/> from the buffer in one pass instead of
/// through a stream. A buffer rented from <see cref="ArrayPool{T}.Shared"/> goes back when the content is disposed
/// (Refit disposes the response once the result is read), after which the content can no longer be read.
/// </summary>
internal class BufferedJsonContent : HttpContent
{
    private readonly ArraySegment<byte> _json;
    private byte[]? _pooled;
    private int _disposed;

    /// <param name="json">The JSON handed on.</param>
    /// <param name="pooled">The pooled array under <paramref name="json"/>, returned on dispose; null when not pooled.</param>
    public BufferedJsonContent(ArraySegment<byte> json, byte[]? pooled)
    {
        _json = json;
        _pooled = pooled;
    }

    /// <summary>The JSON, while the content is not disposed.</summary>
    public ReadOnlyMemory<byte> Json
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _json;
        }
    }

    /// <summary>The call this answer ends: its outcome is recorded once the data was read (or the content disposed unread).</summary>
    public CallContext? Call { get; set; }

    /// <summary>
    /// The JSON as <typeparamref name="T"/>, through the source-generated metadata in <paramref name="options"/>; JSON
    /// <c>null</c> is a broken answer (every response schema is an object). Completes the call's telemetry either way.
    /// </summary>
    public T Read<T>(JsonSerializerOptions options)
    {
        try
        {
            var value = Deserialize<T>(options) ?? throw new SdkContentSerializer.NullResponseException();
            Call?.Complete(failure: null);
            return value;
        }
        catch (Exception failure)
        {
            Call?.Complete(failure);
            throw;
        }
    }

    /// <summary>The JSON as <typeparamref name="T"/>, through the source-generated metadata in <paramref name="options"/>.</summary>
    protected virtual T? Deserialize<T>(JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(Json.Span, JsonDefaults.TypeInfo<T>(options));

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_json.Array!, _json.Offset, _json.Count);

    protected override bool TryComputeLength(out long length)
    {
        length = _json.Count;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        // An answer nobody read still ends its call (Complete does nothing after a read).
        if (disposing) Call?.Complete(failure: null);
        // The response and its content may both be disposed; the buffer goes back once.
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0 && _pooled is { } pooled)
        {
            _pooled = null;
            ArrayPool<byte>.Shared.Return(pooled);
        }
        base.Dispose(disposing);
    }
}
