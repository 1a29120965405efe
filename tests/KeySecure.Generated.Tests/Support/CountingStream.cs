namespace KeySecure.Generated.Tests.Support;

/// <summary>A network body that counts what was read from it (the work done, whatever the time).</summary>
public sealed class CountingStream(byte[] bytes) : ReadOnlyTestStream
{
    private readonly MemoryStream _inner = new(bytes);

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        BytesRead += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _inner.Read(buffer.Span);
        BytesRead += read;
        return ValueTask.FromResult(read);
    }
}
