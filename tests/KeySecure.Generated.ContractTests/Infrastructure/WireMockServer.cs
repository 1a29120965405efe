using System.Net;
using System.Net.Sockets;
using WireMock.Settings;
using WireMockNetServer = WireMock.Server.WireMockServer;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// One in-process WireMock.Net server per test collection (<see cref="WireMockCollection"/>), on a loopback port.
/// Socket-level faults that WireMock.Net does not produce itself are added by <see cref="SocketFaultResponder"/>.
/// </summary>
public sealed class WireMockServer : IAsyncLifetime
{
    private WireMockNetServer? _server;

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public Uri BaseUri { get; private set; } = null!;

    public WireMockAdmin Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++) // a port taken between probe and bind: try another
        {
            var port = FreeLoopbackPort();
            try
            {
                _server = WireMockNetServer.Start(new WireMockServerSettings
                {
                    Urls = [$"http://127.0.0.1:{port}"],
                    StartAdminInterface = false,
                    PreWireMockMiddlewareInit = SocketFaultResponder.Install,
                });
                BaseUri = new Uri($"http://127.0.0.1:{port}");
                Admin = new WireMockAdmin(_server);
                await WarmUpAsync();
                return;
            }
            catch (Exception ex)
            {
                last = ex;
                _server?.Dispose();
                _server = null;
            }
        }
        throw new InvalidOperationException($"WireMock.Net did not start on a loopback port: {last?.Message}", last);
    }

    /// <summary>
    /// Serves one stubbed request before any test, so the first test's short attempt timeouts do not also pay for
    /// compiling Kestrel's and WireMock.Net's request path.
    /// </summary>
    private async Task WarmUpAsync()
    {
        const string path = "/__warm-up";
        await Admin.AddMappingAsync(Stubs.For("GET", path, Stubs.Status(200, "{}")).OffSpec("a warm-up path, no operation"));
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await Admin.ResetAsync();
    }

    public ValueTask DisposeAsync()
    {
        _server?.Stop();
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A loopback port that was free a moment ago (the OS picks it for a listener on port 0).</summary>
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }
}
