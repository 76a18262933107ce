using Grpc.Core;
using PasswordSync.Gateway.Internal;
using PasswordSync.ServiceDefaults.InternalTls;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>
/// The gateway's internal clients trust a service only when its certificate was issued by the internal CA for the
/// name they dial; another CA (even one the machine might trust) or another name is refused before any request.
/// </summary>
public sealed class GatewayClientServerTrustTests : IDisposable
{
    private const string ListTargets = "/passwordsync.vault.v1.TargetService/ListTargets";
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("pwsync-gw-trust-").FullName;
    private readonly InternalPkiFiles pki;

    public GatewayClientServerTrustTests() => pki = InternalPki.Ensure(directory);

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_server_certificate_from_the_internal_CA_is_trusted()
    {
        using var certificate = PemCertificates.LoadWithKey(pki.VaultCertificate, pki.VaultKey);
        await using var server = await FakeInternalServer.StartAsync(certificate);
        server.Status = (int)StatusCode.Internal;

        var error = await CallAsync(server);

        // The call reached the server over mutual TLS and came back with the server's own answer.
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(1, server.Attempts(ListTargets));
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused_before_any_request()
    {
        using var otherCa = CertificateAuthority.Create("CN=PasswordSync Internal CA", Validity);
        using var certificate = otherCa.IssueServer("CN=passwordsync-vault", InternalPki.LoopbackNames, Validity);
        await using var server = await FakeInternalServer.StartAsync(certificate);

        var error = await CallAsync(server);

        AssertRefusedInHandshake(error);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task A_server_certificate_from_the_internal_CA_for_another_name_is_refused()
    {
        using var ca = CertificateAuthority.Load(pki.CaCertificate, pki.CaKey);
        using var certificate = ca.IssueServer("CN=passwordsync-vault", ["vault.elsewhere.example"], Validity);
        await using var server = await FakeInternalServer.StartAsync(certificate);

        var error = await CallAsync(server);

        AssertRefusedInHandshake(error);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public void The_credentials_the_gateway_presents_carry_the_gateway_subject_from_the_internal_CA()
    {
        // The services' side of this is BackendsAcceptOnlyTheGatewayTests.
        using var credentials = InternalTlsCredentials.Load(pki.CaCertificate, pki.GatewayCertificate, pki.GatewayKey);
        Assert.Equal(InternalPki.GatewaySubject, credentials.ClientCertificate.Subject);
        Assert.True(credentials.ClientCertificate.HasPrivateKey);
        Assert.True(PrivateCaChain.Validates(credentials.ClientCertificate, credentials.Authorities,
            PrivateCaChain.ClientAuthentication));
    }

    // grpc-dotnet reports a failed TLS handshake as Internal ("Error starting gRPC call"): not retried, which is right
    // for a trust failure that no retry can fix.
    private static void AssertRefusedInHandshake(RpcException error)
    {
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("SSL connection could not be established", error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<RpcException> CallAsync(FakeInternalServer server)
    {
        await using var clients = new InternalClientsHost(new Dictionary<string, string?>
        {
            ["Gateway:Vault:Address"] = server.Address.ToString(),
            ["Gateway:DirectorySync:Address"] = server.Address.ToString(),
            ["Gateway:Internal:CaPath"] = pki.CaCertificate,
            ["Gateway:Internal:ClientCertificatePath"] = pki.GatewayCertificate,
            ["Gateway:Internal:ClientKeyPath"] = pki.GatewayKey,
            ["Gateway:Internal:InitialBackoff"] = "00:00:00.020",
        });
        return await Assert.ThrowsAsync<RpcException>(() => clients.Client<TargetService.TargetServiceClient>()
            .ListTargetsAsync(new ListTargetsRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);
    }
}
