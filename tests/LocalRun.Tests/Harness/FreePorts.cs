using System.Net;
using System.Net.Sockets;

namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// Loopback ports for run.sh's five listeners. Chosen in 10000..19999: below Linux's ephemeral range (so no outgoing
/// connection takes one meanwhile) and away from the range the gateway tests pick from (20000..32000), which may run
/// at the same time; never 8443 or 5101-5112, which a developer's own ./run.sh uses.
/// </summary>
public static class FreePorts
{
    private const int First = 10_000;
    private const int Last = 20_000;
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (HandedOut.Add(port) && IsFree(port))
                {
                    return port;
                }
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
