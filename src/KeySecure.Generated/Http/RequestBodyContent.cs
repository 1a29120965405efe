using System.Net;
using System.Net.Http.Headers;

namespace KeySecure.Generated.Http;

/// <summary>
/// A request body the SDK built (serialized, encrypted or signed): its bytes are final, so a handler that must see
/// them reads <see cref="Body"/> instead of copying the content, and it records when the transport starts writing it.
/// </summary>
/// <remarks>
/// The transport writes a body only once the connection (and TLS) is up and the request line and headers are out.
/// Until then the provider holds at most an incomplete request it cannot act on, so a call that fails or is cancelled
/// with <see cref="Transmitted"/> still false was not applied: that is what lets a write whose TLS handshake never
/// completes be reported as never sent, and a write cancelled mid-flight as possibly applied.
/// </remarks>
internal sealed class RequestBodyContent : ByteArrayContent
{
    private int _transmitted;

    public RequestBodyContent(byte[] body, MediaTypeHeaderValue? contentType = null) : base(body)
    {
        Body = body;
        // A fresh header object per content: MediaTypeHeaderValue is mutable.
        Headers.ContentType = contentType ?? new MediaTypeHeaderValue("application/json");
    }

    /// <summary>The bytes sent.</summary>
    public byte[] Body { get; }

    /// <summary>True once the transport started writing the body during the current attempt.</summary>
    public bool Transmitted => Volatile.Read(ref _transmitted) != 0;

    /// <summary>
    /// The same bytes as a content not yet buffered or written, for the next attempt: each attempt is judged on its
    /// own, and a content that was buffered (Refit buffers the body it builds) is copied by the transport from its
    /// buffer without a call that would record the transmission.
    /// </summary>
    public RequestBodyContent ForAttempt() => new(Body, Headers.ContentType);

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        MarkTransmitted();
        base.SerializeToStream(stream, context, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        MarkTransmitted();
        return base.SerializeToStreamAsync(stream, context);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        MarkTransmitted();
        return base.SerializeToStreamAsync(stream, context, cancellationToken);
    }

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken)
    {
        MarkTransmitted();
        return base.CreateContentReadStream(cancellationToken);
    }

    protected override Task<Stream> CreateContentReadStreamAsync()
    {
        MarkTransmitted();
        return base.CreateContentReadStreamAsync();
    }

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        MarkTransmitted();
        return base.CreateContentReadStreamAsync(cancellationToken);
    }

    private void MarkTransmitted() => Volatile.Write(ref _transmitted, 1);
}
