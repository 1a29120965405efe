using System.Net;
using System.Text;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// The <c>data</c> of a state-changing call the provider answered with <c>code 0</c>. Whoever deserializes it reads
/// an <see cref="AppliedWriteDataStream"/>, which knows that the change was applied, so a failure to read the data
/// can be reported as <see cref="AppliedWriteUnreadableException"/> instead of a plain failure.
/// </summary>
internal sealed class AppliedWriteDataContent(ArraySegment<byte> data, string? operationId) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(data.Array!, data.Offset, data.Count);

    protected override bool TryComputeLength(out long length)
    {
        length = data.Count;
        return true;
    }

    /// <summary>
    /// The data as an <see cref="AppliedWriteDataStream"/>, even after HttpClient or Refit buffered the content (a
    /// buffered HttpContent hands out a plain stream over its buffer instead of calling the overrides below).
    /// </summary>
    public AppliedWriteDataStream OpenRead() => new(data, operationId);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(OpenRead());

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => OpenRead();
}

/// <summary>The readable form of <see cref="AppliedWriteDataContent"/>.</summary>
internal sealed class AppliedWriteDataStream(ArraySegment<byte> data, string? operationId)
    : MemoryStream(data.Array!, data.Offset, data.Count, writable: false)
{
    /// <summary>The exception that reports <paramref name="failure"/> to read the data of an applied change.</summary>
    public AppliedWriteUnreadableException Unreadable(Exception failure) =>
        new(operationId, Encoding.UTF8.GetString(data), failure);
}
