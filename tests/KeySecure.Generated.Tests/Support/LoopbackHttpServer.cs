using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KeySecure.Generated.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 server on loopback, for tests that need a real primary handler (redirects are followed, or not,
/// by the socket handler itself). Every request gets its own connection, answered by the test's responder with the
/// status line, headers and body it returns; the request lines asked for are recorded.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<string> _paths = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, string, string> _respond;

    /// <param name="respond">Gets the method and path, returns the whole answer after the status line's "HTTP/1.1 ".</param>
    public LoopbackHttpServer(Func<string, string, string> respond)
    {
        _respond = respond;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _ = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> Paths
    {
        get { lock (_paths) return [.. _paths]; }
    }

    /// <summary>A 307 to <paramref name="location"/> (an absolute path on this server).</summary>
    public static string Redirect(string location) =>
        $"307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    /// <summary>A 200 with a JSON body.</summary>
    public static string Json(string json) =>
        $"200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nConnection: close\r\n\r\n{json}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            var requestLine = (await reader.ReadLineAsync(_stop.Token) ?? string.Empty).Split(' ');
            var contentLength = 0;
            while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } header)
            {
                if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) contentLength = int.Parse(header[15..].Trim());
            }
            // The body (ASCII JSON here) is read and dropped so the client sees its request consumed.
            var body = new char[contentLength];
            for (int read = 0, got; read < contentLength; read += got)
            {
                got = await reader.ReadAsync(body.AsMemory(read), _stop.Token);
                if (got == 0) break;
            }
            lock (_paths) _paths.Add(requestLine[1]);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("HTTP/1.1 " + _respond(requestLine[0], requestLine[1])), _stop.Token);
        }
    }
}
