using System.Net;
using System.Net.Sockets;

namespace PasswordSync.Gateway.Tests.Harness;

public static class FreePort
{
    // Below Linux's ephemeral range (32768..60999): the OS never hands these to outgoing connections or to another
    // process binding port 0, so a port chosen here cannot be taken between the check and the service's own bind by
    // anything but another chooser; and within this test process no port is handed out twice.
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback port free right now and never handed out before in this process.</summary>
    public static int Next()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (HandedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}..{Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
