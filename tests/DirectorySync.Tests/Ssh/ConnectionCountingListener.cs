using System.Net;
using System.Net.Sockets;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.Ssh;

/// <summary>A loopback port that only counts connection attempts: proof that a refused request reached no server.</summary>
internal sealed class ConnectionCountingListener : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private int connections;

    public ConnectionCountingListener()
    {
        listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Connections => Volatile.Read(ref connections);

    public DirectoryEndpoint Endpoint => new("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref connections);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException
            or SocketException)
        {
            // Stopped.
        }
    }
}
