using System.Net;
using System.Net.Sockets;

namespace DivideMapper.Data.Embedded;

/// <summary>
/// A TCP port on 127.0.0.1 that nothing listens on right now, for throwaway clusters and servers (tests, bench,
/// <c>./test.sh</c> through <c>dm free-port</c>). The port is released before it is returned, so another process
/// could take it in between; callers start their listener at once.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
