using Garnet;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

/// <summary>
/// A real Redis-protocol server (Microsoft Garnet) in this process on a free loopback port, with Lua scripting on.
/// It can be stopped and started again on the same port, losing its data like a Redis without persistence.
/// </summary>
public sealed class GarnetInstance : IDisposable
{
    private readonly object _gate = new();
    private GarnetServer? _server;

    public GarnetInstance()
    {
        Port = LoopbackPort.Free();
        Start();
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string of this server.</summary>
    /// <remarks>Generous client timeouts: the machines running the tests are shared and at times very slow.</remarks>
    public string Configuration => $"127.0.0.1:{Port},asyncTimeout=30000,syncTimeout=30000,connectTimeout=30000";

    public void Start()
    {
        lock (_gate)
        {
            if (_server is not null) return;
            var log = new LogCollector(LogLevel.Warning);
            using var loggers = LoggerFactory.Create(builder => builder.AddProvider(log));
            try
            {
                var server = new GarnetServer(
                    ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--lua", "--memory", "64m", "--page", "4m", "--index", "1m"],
                    loggers);
                server.Start();
                _server = server;
            }
            catch (Exception error)
            {
                throw new InvalidOperationException($"Garnet did not start on port {Port}: {string.Join(Environment.NewLine, log.Messages)}", error);
            }
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _server?.Dispose();
            _server = null;
        }
    }

    public void Dispose() => Stop();
}
