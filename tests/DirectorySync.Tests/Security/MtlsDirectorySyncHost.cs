using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using PasswordSync.ServiceDefaults.InternalTls;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.Security;

/// <summary>
/// The real directory-sync (its Program) on Kestrel on loopback ports, with mutual TLS configured from an internal PKI
/// generated for this host. Tests talk to it through real gRPC channels, as the gateway (or an impostor) would.
/// </summary>
internal sealed class MtlsDirectorySyncHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;
    private readonly string directory;
    private readonly List<GrpcChannel> channels = [];

    private MtlsDirectorySyncHost(WebApplicationFactory<Program> factory, string directory, InternalPkiFiles pki,
        int grpcPort, int healthPort, LogCapture logs)
    {
        this.factory = factory;
        this.directory = directory;
        Pki = pki;
        GrpcPort = grpcPort;
        HealthPort = healthPort;
        Logs = logs;
    }

    public InternalPkiFiles Pki { get; }

    public int GrpcPort { get; }

    public int HealthPort { get; }

    public LogCapture Logs { get; }

    public static MtlsDirectorySyncHost Start()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pwsync-dirsync-mtls-").FullName;
        var pki = InternalPki.Ensure(Path.Combine(directory, "pki"));
        var (grpcPort, healthPort) = TwoFreePorts();
        var logs = new LogCapture();
        var factory = Factory(logs, new Dictionary<string, string?>
        {
            ["DirectorySync:Security:ListenAddress"] = "127.0.0.1",
            ["DirectorySync:Security:GrpcPort"] = grpcPort.ToString(),
            ["DirectorySync:Security:HealthPort"] = healthPort.ToString(),
            ["DirectorySync:Security:ServerCertificatePath"] = pki.DirectorySyncCertificate,
            ["DirectorySync:Security:ServerKeyPath"] = pki.DirectorySyncKey,
            ["DirectorySync:Security:ClientCaPath"] = pki.CaCertificate,
        });
        factory.UseKestrel();
        factory.StartServer();
        return new MtlsDirectorySyncHost(factory, directory, pki, grpcPort, healthPort, logs);
    }

    /// <summary>Directory-sync hosted with <paramref name="settings"/> (not started).</summary>
    public static WebApplicationFactory<Program> Factory(LogCapture logs, IReadOnlyDictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging => logging.AddProvider(logs));
        });

    /// <summary>A channel presenting <paramref name="clientCertificate"/> (none when null); the server is checked against the CA.</summary>
    public GrpcChannel Connect(X509Certificate2? clientCertificate, int? port = null)
    {
        var authorities = PemCertificates.LoadAll(Pki.CaCertificate);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = clientCertificate is null
                    ? null
                    : SslStreamCertificateContext.Create(clientCertificate, null),
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 server
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && PrivateCaChain.Validates(server, authorities, PrivateCaChain.ServerAuthentication),
            },
        };
        var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port ?? GrpcPort}",
            new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        channels.Add(channel);
        return channel;
    }

    public X509Certificate2 GatewayCertificate() => PemCertificates.LoadWithKey(Pki.GatewayCertificate, Pki.GatewayKey);

    public static (int Grpc, int Health) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        await factory.DisposeAsync();
        System.IO.Directory.Delete(directory, recursive: true);
    }
}
