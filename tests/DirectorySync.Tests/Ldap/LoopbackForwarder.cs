using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PasswordSync.DirectorySync.Tests.Ldap;

/// <summary>
/// A loopback TCP forwarder in front of a real directory server: it counts the TCP connections the code under test
/// opens, and can cut every one of them at once (as a server restart or a network cut would), so tests can prove
/// connection reuse and recovery without touching the shared servers. It listens on the server's own address (a free
/// port), so the server's certificate name still resolves to it.
/// </summary>
internal sealed class LoopbackForwarder : IDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint upstream;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Server)> open = new();
    private int connections;
    private int nextId;

    public LoopbackForwarder(string address, int upstreamPort)
    {
        upstream = new IPEndPoint(IPAddress.Parse(address), upstreamPort);
        listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>Closes every forwarded connection, both ways (the code under test sees the server hang up).</summary>
    public void DropAll()
    {
        foreach (var (id, pair) in open)
        {
            if (open.TryRemove(id, out _))
            {
                // Close(0): a reset, as when a server process dies; the pump may be closing them at the same time.
                pair.Client.Client?.Close(0);
                pair.Server.Client?.Close(0);
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        DropAll();
        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref connections);
                var server = new TcpClient();
                try
                {
                    await server.ConnectAsync(upstream, stop.Token);
                }
                catch (SocketException)
                {
                    client.Dispose();
                    server.Dispose();
                    continue;
                }

                var id = Interlocked.Increment(ref nextId);
                open[id] = (client, server);
                _ = PumpAsync(id, client, server);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException
            or SocketException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(int id, TcpClient client, TcpClient server)
    {
        try
        {
            await Task.WhenAny(CopyAsync(client, server), CopyAsync(server, client));
        }
        finally
        {
            open.TryRemove(id, out _);
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), stop.Token);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException
            or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // One side closed: the pump closes both.
        }
    }
}
