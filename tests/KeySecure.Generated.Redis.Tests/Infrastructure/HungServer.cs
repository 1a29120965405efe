using System.Net;
using System.Net.Sockets;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

/// <summary>
/// A Redis that hangs rather than refuses: it accepts every connection on a loopback port, reads what the client sends
/// and never answers, the way a stalled server or a black-holing network path behaves. Nothing ever fails fast here;
/// only the client's own timeouts end a wait.
/// </summary>
public sealed class HungServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _loop;
    private int _accepted;

    public HungServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            lock (_connections) _connections.Add(connection);
            Interlocked.Increment(ref _accepted);
            _ = DrainAsync(connection);
        }
    }

    // Reads and drops what arrives, so the client's writes never block: the silence is in the answers only.
    private async Task DrainAsync(TcpClient connection)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = connection.GetStream();
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || connection.Connected is false)
        {
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections) connection.Dispose();
        }
        try { _loop.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
