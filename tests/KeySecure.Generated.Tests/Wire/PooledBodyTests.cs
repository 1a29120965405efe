using System.Net;
using System.Text;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.OpenPlatform.Handlers;
using KeySecure.Generated.Tests.Support;

namespace KeySecure.Generated.Tests.Wire;

/// <summary>
/// Bodies read into pooled buffers: whole, whatever their length and framing, never past the limit, and never read once
/// given back.
/// </summary>
public sealed class PooledBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(200_000)]
    public async Task A_body_without_an_announced_length_is_read_whole(int length)
    {
        var bytes = Bytes(length);
        using var content = new StreamContent(new TrickleStream(bytes)); // no Content-Length, 777-byte reads

        var body = await ResponseBody.ReadPooledAsync(content, ResponseBody.DefaultLimit, Ct);

        Assert.Equal(bytes, body.Bytes.ToArray());
        body.Return();
    }

    [Fact]
    public async Task A_body_with_an_announced_length_is_read_whole()
    {
        var bytes = Bytes(10_000);
        using var content = new ByteArrayContent(bytes);

        var body = await ResponseBody.ReadPooledAsync(content, ResponseBody.DefaultLimit, Ct);

        Assert.Equal(bytes, body.Bytes.ToArray());
        body.Return();
    }

    [Fact]
    public async Task A_body_shorter_than_announced_is_returned_as_far_as_it_came()
    {
        using var content = new StreamContent(new MemoryStream(Bytes(100)));
        content.Headers.ContentLength = 500;

        var body = await ResponseBody.ReadPooledAsync(content, ResponseBody.DefaultLimit, Ct);

        Assert.Equal(100, body.Length);
        body.Return();
    }

    [Fact]
    public void Envelope_data_is_not_read_after_its_content_was_disposed_and_disposing_twice_is_harmless()
    {
        var json = Encoding.UTF8.GetBytes("""{"card_no":"C1"}""");
        var pooled = System.Buffers.ArrayPool<byte>.Shared.Rent(json.Length);
        json.CopyTo(pooled, 0);
        var content = new EnvelopeDataContent(new ArraySegment<byte>(pooled, 0, json.Length), operation: null, pooled);

        Assert.Equal("C1", content.Read<CardDetail>(JsonDefaults.Options).CardNo);
        content.Dispose();
        content.Dispose();

        Assert.Throws<ObjectDisposedException>(() => content.Read<CardDetail>(JsonDefaults.Options));
    }

    [Fact]
    public async Task Envelope_data_is_what_a_reader_of_the_content_gets()
    {
        var json = Encoding.UTF8.GetBytes("""{"code":0,"data":{"card_no":"C1"}}""");
        using var content = new EnvelopeDataContent(new ArraySegment<byte>(json, 17, json.Length - 18), operation: null, pooled: null);

        Assert.Equal("""{"card_no":"C1"}""", await content.ReadAsStringAsync(Ct));
        Assert.Equal(json.Length - 18, content.Headers.ContentLength);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_larger_than_the_limit_is_refused_having_read_at_most_the_limit_and_one_byte(bool announcesItsLength)
    {
        const int limit = 64 * 1024;
        var network = new CountingStream(Bytes(30 * 1024 * 1024));
        using var content = new StreamContent(network);
        if (announcesItsLength) content.Headers.ContentLength = 30 * 1024 * 1024;

        var body = await ResponseBody.ReadPooledAsync(content, limit, Ct);

        Assert.True(body.OverLimit);
        Assert.True(network.BytesRead <= limit + 1, $"read {network.BytesRead} bytes for a limit of {limit}");
        Assert.True(body.Array.Length <= limit, $"buffered {body.Array.Length} bytes for a limit of {limit}");
        body.Return();
    }

    [Fact]
    public async Task A_body_that_announces_more_than_the_limit_is_refused_after_reading_only_an_excerpt()
    {
        var network = new CountingStream(Bytes(2 * 1024 * 1024));
        using var content = new StreamContent(network);
        content.Headers.ContentLength = 2 * 1024 * 1024;

        var body = await ResponseBody.ReadPooledAsync(content, ResponseBody.DefaultLimit, Ct);

        Assert.True(body.OverLimit);
        Assert.Equal(ResponseBody.ExcerptSourceBytes, body.Length);
        Assert.True(network.BytesRead <= ResponseBody.ExcerptSourceBytes, $"read {network.BytesRead} bytes");
        body.Return();
    }

    [Fact]
    public async Task A_body_exactly_at_the_limit_is_read_whole()
    {
        const int limit = 8 * 1024;
        var bytes = Bytes(limit);
        using var content = new StreamContent(new TrickleStream(bytes));

        var body = await ResponseBody.ReadPooledAsync(content, limit, Ct);

        Assert.False(body.OverLimit);
        Assert.Equal(bytes, body.Bytes.ToArray());
        body.Return();
    }

    [Fact]
    public async Task An_error_excerpt_is_read_from_the_start_of_the_body_only()
    {
        var network = new CountingStream(Bytes(300 * 1024));
        using var content = new StreamContent(network);

        var text = await ResponseBody.ReadExcerptSourceAsync(content, Ct);

        Assert.Equal(ResponseBody.ExcerptSourceBytes, text.Length);
        Assert.True(network.BytesRead <= ResponseBody.ExcerptSourceBytes + 1, $"read {network.BytesRead} bytes");
    }

    private static byte[] Bytes(int length) => Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();

    /// <summary>A stream that hands out at most 777 bytes per read, as a socket does.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 777)], cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 777));
    }
}
