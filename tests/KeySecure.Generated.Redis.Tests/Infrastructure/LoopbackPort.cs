using System.Net;
using System.Net.Sockets;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

internal static class LoopbackPort
{
    /// <summary>A loopback port that was free a moment ago (the OS picks it for a listener on port 0).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }
}
