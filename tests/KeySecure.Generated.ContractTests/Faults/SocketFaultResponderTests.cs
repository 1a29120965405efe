using System.Net.Sockets;
using System.Text;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Generated.ContractTests.Faults;

/// <summary>
/// What each socket fault puts on the wire, read with a raw TCP client (no HTTP stack to hide the difference), and that
/// WireMock.Net still journals the request the fault answered.
/// </summary>
[Collection(WireMockCollection.Name)]
public sealed class SocketFaultResponderTests(WireMockServer server) : WireMockTest(server)
{
    private const string Path = "/fault-probe";
    private const string NoOperation = "probes the fault responder itself on a path no operation has";

    [Fact]
    public async Task Connection_reset_by_peer_sends_nothing_and_resets_the_connection()
    {
        var error = await Assert.ThrowsAnyAsync<IOException>(() => ExchangeAsync(SocketFaultResponder.ConnectionResetByPeer));

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        await AssertJournaledOnce();
    }

    [Fact]
    public async Task Empty_response_closes_the_connection_without_a_byte()
    {
        var received = await ExchangeAsync(SocketFaultResponder.EmptyResponse);

        Assert.Empty(received);
        await AssertJournaledOnce();
    }

    [Fact]
    public async Task Malformed_response_chunk_sends_200_with_chunked_encoding_then_a_chunk_that_is_not_one()
    {
        var text = Encoding.ASCII.GetString(await ExchangeAsync(SocketFaultResponder.MalformedResponseChunk));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text);
        Assert.Contains("Transfer-Encoding: chunked\r\n\r\n", text);
        var chunkSizeLine = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Split("\r\n")[0];
        Assert.False(int.TryParse(chunkSizeLine, System.Globalization.NumberStyles.HexNumber, null, out _), chunkSizeLine);
        await AssertJournaledOnce();
    }

    [Fact]
    public async Task Random_data_then_close_sends_bytes_that_are_not_http()
    {
        var received = await ExchangeAsync(SocketFaultResponder.RandomDataThenClose);

        Assert.NotEmpty(received);
        Assert.False(Encoding.ASCII.GetString(received).StartsWith("HTTP/", StringComparison.Ordinal));
        await AssertJournaledOnce();
    }

    [Fact]
    public async Task A_stub_naming_an_unknown_fault_is_rejected()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WireMock.AddMappingAsync(Stubs.For("GET", Path, Stubs.Fault("SLOW_LORIS")).OffSpec(NoOperation)));

        Assert.Contains("SLOW_LORIS", error.Message);
    }

    /// <summary>Sends one GET for a stub answering with the fault and returns every byte received until the server closed.</summary>
    private async Task<byte[]> ExchangeAsync(string fault)
    {
        await WireMock.AddMappingAsync(Stubs.For("GET", Path, Stubs.Fault(fault)).OffSpec(NoOperation));
        using var client = new TcpClient();
        await client.ConnectAsync(Server.BaseUri.Host, Server.BaseUri.Port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {Path} HTTP/1.1\r\nHost: {Server.BaseUri.Authority}\r\n\r\n"), Ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10)); // a fault never leaves the connection open: reading ends well before
        using var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0) received.Write(buffer, 0, read);
        return received.ToArray();
    }

    private async Task AssertJournaledOnce() => Assert.Single(await WireMock.RequestsAsync("GET", Path));
}
