using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.Net.Client;
using PasswordSync.Directory.V1;
using PasswordSync.ServiceDefaults.InternalTls;
using Client = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;

namespace PasswordSync.DirectorySync.Tests.Security;

/// <summary>
/// Directory-sync resets passwords with privileged credentials: only the gateway, proven by its client certificate
/// from the internal CA, may call it. Health stays open (over TLS, without client certificates) for probes.
/// </summary>
public sealed class GatewayOnlyTests : IAsyncLifetime
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private MtlsDirectorySyncHost host = null!;

    public ValueTask InitializeAsync()
    {
        host = MtlsDirectorySyncHost.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_gateway_certificate_is_admitted()
    {
        using var gateway = host.GatewayCertificate();

        var error = await CallAsync(host.Connect(gateway));

        // Admitted: the empty request reached the service's validation.
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(0, host.Logs.Count(InternalTlsLog.NonGatewayRefusedEventId));
    }

    [Fact]
    public async Task A_certificate_with_the_gateway_subject_from_another_CA_is_refused_in_the_handshake()
    {
        using var otherCa = CertificateAuthority.Create("CN=PasswordSync Internal CA", Validity);
        using var impostor = otherCa.IssueClient(InternalPki.GatewaySubject, Validity);

        var error = await CallAsync(host.Connect(impostor));

        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"got {error.StatusCode}");
        // The call never reached the service, so the gateway-only check never ran.
        Assert.Equal(0, host.Logs.Count(InternalTlsLog.NonGatewayRefusedEventId));
    }

    [Fact]
    public async Task No_client_certificate_is_refused()
    {
        var error = await CallAsync(host.Connect(null));

        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"got {error.StatusCode}");
    }

    [Fact]
    public async Task The_internal_CA_with_another_subject_gets_PermissionDenied_that_says_why()
    {
        using var ca = CertificateAuthority.Load(host.Pki.CaCertificate, host.Pki.CaKey);
        using var impostor = ca.IssueClient("CN=not-the-gateway", Validity);

        var error = await CallAsync(host.Connect(impostor));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("PERMISSION_DENIED", error.GetReason());
        Assert.Contains("Only the PasswordSync gateway may call the directory-sync", error.Status.Detail,
            StringComparison.Ordinal);
        Assert.Equal(1, host.Logs.Count(InternalTlsLog.NonGatewayRefusedEventId));
    }

    [Fact]
    public async Task Health_answers_over_TLS_without_a_client_certificate_and_serves_nothing_else()
    {
        var token = TestContext.Current.CancellationToken;
        var authorities = PemCertificates.LoadAll(host.Pki.CaCertificate);
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    PrivateCaChain.Validates((X509Certificate2)certificate!, authorities, PrivateCaChain.ServerAuthentication),
            },
        };
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{host.HealthPort}/health"), token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var channel = host.Connect(null, port: host.HealthPort);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var error = await CallAsync(channel);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    private static Task<RpcException> CallAsync(GrpcChannel channel) =>
        Assert.ThrowsAsync<RpcException>(() => new Client(channel)
            .GetAccountStateAsync(new GetAccountStateRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);
}
