using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// Produces wiremock.org's socket faults on WireMock.Net's own connections. WireMock.Net's EMPTY_RESPONSE and
/// MALFORMED_RESPONSE_CHUNK still send a status line and headers (they are body faults) and it has no connection reset
/// and no random data, so a stub's <c>fault</c> becomes a marker header (<see cref="FaultHeader"/>); this middleware runs
/// in front of WireMock.Net, lets it match and journal the request, holds the response back, and when the marker is
/// present writes the fault on the raw socket instead:
/// <list type="bullet">
/// <item>CONNECTION_RESET_BY_PEER: no response byte, then a TCP reset (SO_LINGER 0).</item>
/// <item>EMPTY_RESPONSE: no response byte, then an orderly close.</item>
/// <item>MALFORMED_RESPONSE_CHUNK: "200 OK" with chunked encoding, one chunk that is not a chunk, then close.</item>
/// <item>RANDOM_DATA_THEN_CLOSE: bytes that are not HTTP, then close.</item>
/// </list>
/// </summary>
internal static class SocketFaultResponder
{
    public const string FaultHeader = "X-Test-Socket-Fault";

    public const string ConnectionResetByPeer = "CONNECTION_RESET_BY_PEER";
    public const string EmptyResponse = "EMPTY_RESPONSE";
    public const string MalformedResponseChunk = "MALFORMED_RESPONSE_CHUNK";
    public const string RandomDataThenClose = "RANDOM_DATA_THEN_CLOSE";

    private static readonly HashSet<string> Known = [ConnectionResetByPeer, EmptyResponse, MalformedResponseChunk, RandomDataThenClose];

    private static readonly byte[] OkThenMalformedChunk = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nlskdu018973t09sylgasjkfg1][]'./.sdlv\r\n");

    /// <summary>The fault name when it is one this responder produces; otherwise the stub is rejected.</summary>
    public static string Validate(string fault, string stubName) => Known.Contains(fault)
        ? fault
        : throw new InvalidOperationException($"Stub '{stubName}': unknown fault '{fault}' (known: {string.Join(", ", Known)}).");

    /// <summary>For <c>WireMockServerSettings.PreWireMockMiddlewareInit</c> (typed <c>object</c> there: an IApplicationBuilder).</summary>
    public static void Install(object app) => ((IApplicationBuilder)app).Use(RespondAsync);

    private static async Task RespondAsync(HttpContext context, RequestDelegate next)
    {
        var wire = context.Response.Body;
        using var held = new MemoryStream();
        context.Response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = wire;
        }

        if (context.Response.Headers.TryGetValue(FaultHeader, out var fault))
        {
            var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
                ?? throw new InvalidOperationException("Kestrel did not expose the connection's socket (IConnectionSocketFeature).");
            Apply(fault.ToString(), socket);
            context.Abort();
            return;
        }

        held.Position = 0;
        await held.CopyToAsync(wire, context.RequestAborted);
    }

    private static void Apply(string fault, Socket socket)
    {
        switch (fault)
        {
            case ConnectionResetByPeer:
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                break;
            case EmptyResponse:
                socket.Shutdown(SocketShutdown.Both);
                break;
            case MalformedResponseChunk:
                socket.Send(OkThenMalformedChunk);
                socket.Shutdown(SocketShutdown.Both);
                break;
            case RandomDataThenClose:
                socket.Send(RandomBytes());
                socket.Shutdown(SocketShutdown.Both);
                break;
        }
    }

    /// <summary>Not HTTP: no byte is an uppercase letter, so the client can never read a status line.</summary>
    private static byte[] RandomBytes()
    {
        var bytes = new byte[64];
        Random.Shared.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is >= (byte)'A' and <= (byte)'Z') bytes[i] = (byte)'#';
        }
        return bytes;
    }
}
