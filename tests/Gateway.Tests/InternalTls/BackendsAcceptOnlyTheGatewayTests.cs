using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults;
using PasswordSync.ServiceDefaults.InternalTls;
using PasswordSync.Vault.V1;
using DirectoryClient = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;
using GetAccountStateRequest = PasswordSync.Directory.V1.GetAccountStateRequest;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>
/// The real vault and directory-sync processes accept only the gateway: its client certificate, from the internal CA,
/// with the gateway's subject. Another CA, another subject or no certificate is refused; health answers without one.
/// </summary>
public sealed class BackendsAcceptOnlyTheGatewayTests(BackendsFixture fixture) : IClassFixture<BackendsFixture>
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    public static TheoryData<string> Services => ["vault", "directory-sync"];

    [Fact]
    public async Task The_gateways_own_clients_reach_both_services_over_mutual_TLS()
    {
        var token = TestContext.Current.CancellationToken;
        var targets = fixture.Gateway.Services.GetRequiredService<TargetService.TargetServiceClient>();
        var directory = fixture.Gateway.Services.GetRequiredService<DirectoryClient>();

        var listed = await targets.ListTargetsAsync(new ListTargetsRequest(), cancellationToken: token);
        // An empty request reaches directory-sync's validation: admitted as the gateway, refused as invalid.
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            directory.GetAccountStateAsync(new GetAccountStateRequest(), cancellationToken: token).ResponseAsync);

        Assert.NotNull(listed);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.True(fixture.Backends.VaultAddress.Scheme == "https" && fixture.Backends.DirectorySyncAddress.Scheme == "https");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_certificate_with_the_gateway_subject_from_another_CA_is_refused_in_the_handshake(string service)
    {
        using var otherCa = CertificateAuthority.Create("CN=PasswordSync Internal CA", Validity);
        using var impostor = otherCa.IssueClient(InternalPki.GatewaySubject, Validity);

        var refusalsBefore = Refusals(service);

        var status = await CallAsync(service, impostor);

        // Never reached the service: no gRPC answer of its own, no refusal logged by the gateway-only check (the
        // tests of a class run one at a time, so no other test adds a refusal meanwhile).
        Assert.True(status is StatusCode.Unavailable or StatusCode.Internal, $"got {status}");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(refusalsBefore, Refusals(service));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task No_client_certificate_is_refused_in_the_handshake(string service)
    {
        var status = await CallAsync(service, clientCertificate: null);

        Assert.True(status is StatusCode.Unavailable or StatusCode.Internal, $"got {status}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_certificate_from_the_internal_CA_with_another_subject_gets_PermissionDenied_saying_why(
        string service)
    {
        using var ca = CertificateAuthority.Load(fixture.Backends.Pki.CaCertificate, fixture.Backends.Pki.CaKey);
        using var impostor = ca.IssueClient("CN=not-the-gateway", Validity);
        using var channel = MutualTlsChannels.Connect(Address(service), fixture.Backends.Pki, impostor);

        var refusalsBefore = Refusals(service);

        var error = await CallExpectingErrorAsync(service, channel);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("PERMISSION_DENIED", error.GetReason());
        Assert.Contains($"Only the PasswordSync gateway may call the {service}", error.Status.Detail, StringComparison.Ordinal);
        await WaitForRefusalsAsync(service, refusalsBefore + 1);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Health_answers_over_TLS_without_a_client_certificate_and_serves_nothing_else(string service)
    {
        var token = TestContext.Current.CancellationToken;
        var health = HealthAddress(service);
        using (var http = new HttpClient(MutualTlsChannels.Handler(fixture.Backends.Pki, clientCertificate: null)))
        {
            using var response = await http.GetAsync(new Uri(health, "/health"), token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var channel = MutualTlsChannels.Connect(health, fixture.Backends.Pki, clientCertificate: null);
        var status = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);

        // The service's own methods are mapped there too, but without a certificate nobody is the gateway.
        var error = await CallExpectingErrorAsync(service, channel);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    private Uri Address(string service) =>
        service == "vault" ? fixture.Backends.VaultAddress : fixture.Backends.DirectorySyncAddress;

    private Uri HealthAddress(string service) =>
        service == "vault" ? fixture.Backends.VaultHealthAddress : fixture.Backends.DirectorySyncHealthAddress;

    private ServiceProcess Process(string service) =>
        service == "vault" ? fixture.Backends.Vault : fixture.Backends.DirectorySync;

    private async Task<StatusCode> CallAsync(string service, X509Certificate2? clientCertificate)
    {
        using var channel = MutualTlsChannels.Connect(Address(service), fixture.Backends.Pki, clientCertificate);
        return (await CallExpectingErrorAsync(service, channel)).StatusCode;
    }

    // A call that fails whoever makes it unless admitted: the vault lists targets only for the gateway; directory-sync
    // answers an empty request with InvalidArgument only once the caller is admitted.
    private static async Task<RpcException> CallExpectingErrorAsync(string service, GrpcChannel channel)
    {
        var token = TestContext.Current.CancellationToken;
        return service == "vault"
            ? await Assert.ThrowsAsync<RpcException>(() => new TargetService.TargetServiceClient(channel)
                .ListTargetsAsync(new ListTargetsRequest(), cancellationToken: token).ResponseAsync)
            : await Assert.ThrowsAsync<RpcException>(() => new DirectoryClient(channel)
                .GetAccountStateAsync(new GetAccountStateRequest(), cancellationToken: token).ResponseAsync);
    }

    // Lines of the gateway-only check's refusal event (InternalTlsLog.NonGatewayRefused) in the process output.
    private int Refusals(string service) =>
        Process(service).Output.Split('\n').Count(line => line.Contains("GatewayOnlyInterceptor[2001]", StringComparison.Ordinal));

    private async Task WaitForRefusalsAsync(string service, int expected)
    {
        // Console logging is asynchronous: give the line a bounded moment to arrive.
        for (var i = 0; i < 50 && Refusals(service) < expected; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(expected, Refusals(service));
    }
}
