using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// The <c>data</c> of an envelope the provider answered with <c>code 0</c>, handed to the generated client in place of
/// the response body. It is a slice of the body the envelope handler read into a pooled buffer, returned to the pool
/// when the content is disposed; the SDK's serializer reads the slice directly (<see cref="Deserialize{T}"/>) instead
/// of through a stream.
/// </summary>
/// <remarks>
/// For a call that changes state or moves money, <c>code 0</c> means the change was applied, so data that cannot be
/// read is reported as <see cref="AppliedWriteUnreadableException"/>, never as a plain failure of the call.
/// </remarks>
internal sealed class EnvelopeDataContent : HttpContent
{
    private readonly ArraySegment<byte> _data;
    private readonly OperationMetadata? _operation;
    private byte[]? _pooled;
    private int _disposed;

    /// <param name="data">The JSON of <c>data</c>.</param>
    /// <param name="operation">The call's operation (a write's data is read as an applied change).</param>
    /// <param name="pooled">The <see cref="ArrayPool{T}.Shared"/> array under <paramref name="data"/>, returned on dispose.</param>
    public EnvelopeDataContent(ArraySegment<byte> data, OperationMetadata? operation, byte[]? pooled)
    {
        _data = data;
        _operation = operation;
        _pooled = pooled;
    }

    /// <summary>The data as the generated client's type <typeparamref name="T"/>, read from the slice in one pass.</summary>
    public T? Deserialize<T>(JsonSerializerOptions options)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            return JsonSerializer.Deserialize(_data.AsSpan(), JsonDefaults.TypeInfo<T>(options));
        }
        catch (JsonException e) when (_operation is { IsRetrySafe: false })
        {
            throw new AppliedWriteUnreadableException(_operation.OperationId, Encoding.UTF8.GetString(_data), e);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_data.Array!, _data.Offset, _data.Count);

    protected override bool TryComputeLength(out long length)
    {
        length = _data.Count;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        // Refit disposes the response and its content; the second call finds nothing left to return.
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0 && _pooled is { } pooled)
        {
            _pooled = null;
            ArrayPool<byte>.Shared.Return(pooled);
        }
        base.Dispose(disposing);
    }
}
