using System.Net;
using System.Net.Sockets;

namespace PasswordSync.Testing;

/// <summary>
/// Loopback ports free right now, chosen at random in one range and never handed out twice by this instance. Test
/// assemblies that run at the same time use disjoint ranges (each says which and why), all below Linux's ephemeral
/// range (32768..60999), so no outgoing connection or port-0 bind takes a port between the check and the service's
/// own bind.
/// </summary>
public sealed class LoopbackPorts(int first, int last)
{
    private readonly HashSet<int> handedOut = [];

    public int Next()
    {
        lock (handedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(first, last);
                if (!handedOut.Contains(port) && IsFree(port))
                {
                    handedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port in {first}..{last}.");
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
