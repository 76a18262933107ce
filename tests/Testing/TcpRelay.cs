using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace PasswordSync.Testing;

/// <summary>
/// A loopback TCP relay a test controls, put in front of a shared server (e.g. the Samba DC) to simulate it failing
/// without touching the server other test assemblies use. It listens on the server's own address at another port,
/// so a TLS certificate issued to the server's name still matches.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable, IDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint upstream;
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> open = [];
    private readonly List<StrongBox<bool>> answersMuted = [];
    private readonly Task acceptLoop;
    private int accepted;

    /// <summary>A relay on <paramref name="address"/> (a free port) to the server at the same address.</summary>
    public TcpRelay(string address, int upstreamPort)
        : this(IPAddress.Parse(address), new IPEndPoint(IPAddress.Parse(address), upstreamPort))
    {
    }

    public TcpRelay(IPAddress address, IPEndPoint upstream)
    {
        this.upstream = upstream;
        listener = new TcpListener(address, 0);
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far (each LDAP connection attempt or probe is one).</summary>
    public int Accepted => Volatile.Read(ref accepted);

    public RelayMode Mode { get; set; } = RelayMode.Forward;

    /// <summary>
    /// From now on, drops the server's answers on every connection open now (requests still reach the server):
    /// a server that took a request and then went silent. Connections opened later are forwarded normally.
    /// </summary>
    public void MuteOpenConnections()
    {
        lock (open)
        {
            foreach (var muted in answersMuted)
            {
                muted.Value = true;
            }
        }
    }

    /// <summary>Cuts every open connection with a reset, both ways (as a crashing server would).</summary>
    public void DropAll()
    {
        lock (open)
        {
            foreach (var client in open)
            {
                try
                {
                    // Null once its pump has closed it.
                    client.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    // Closed by its pump meanwhile.
                }

                client.Dispose();
            }

            open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            switch (Mode)
            {
                case RelayMode.Reset:
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Dispose();
                    break;
                case RelayMode.Freeze:
                    Track(client); // accepted, never answered
                    break;
                default:
                    _ = ForwardAsync(client);
                    break;
            }
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        Track(client);
        Track(server);
        try
        {
            await server.ConnectAsync(upstream, stop.Token);
            var muted = new StrongBox<bool>(false);
            lock (open)
            {
                answersMuted.Add(muted);
            }

            var a = client.GetStream();
            var b = server.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, stop.Token), CopyAnswersAsync(b, a, muted));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A cut connection is what a relay in trouble looks like: nothing to do.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAnswersAsync(NetworkStream from, NetworkStream to, StrongBox<bool> muted)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
        {
            if (!muted.Value)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
            }
        }
    }

    private void Track(TcpClient client)
    {
        lock (open)
        {
            open.Add(client);
        }
    }

    /// <summary>Stops accepting and cuts every connection, without waiting for the accept loop to notice.</summary>
    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        DropAll();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        DropAll();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}

public enum RelayMode
{
    /// <summary>Pass bytes both ways to the upstream server.</summary>
    Forward,
    /// <summary>Accept, then reset at once: a server that is down behind a live port.</summary>
    Reset,
    /// <summary>Accept and never answer: a hung server.</summary>
    Freeze,
}
