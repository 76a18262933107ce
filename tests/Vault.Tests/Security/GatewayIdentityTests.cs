using System.Net;
using System.Net.Security;
using Grpc.Core;
using Grpc.Health.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Security;

/// <summary>Only the gateway, proven by its client certificate, may call the vault; health stays open for probes.</summary>
public sealed class GatewayIdentityTests : IAsyncLifetime
{
    private MtlsVaultHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Gateway_certificate_is_accepted()
    {
        var client = new TargetService.TargetServiceClient(_host.AsGateway());
        var response = await client.ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(response.Targets);
    }

    [Fact]
    public async Task Certificate_from_another_CA_with_the_gateway_subject_is_refused()
    {
        var client = new TargetService.TargetServiceClient(_host.Connect(_host.State.Pki.ForeignGateway));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        // Refused in the TLS handshake: the call never reaches a service.
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.EventId == 2001);
    }

    [Fact]
    public async Task No_client_certificate_is_refused()
    {
        var client = new TargetService.TargetServiceClient(_host.Connect(null));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task Right_CA_but_another_subject_gets_PermissionDenied_and_its_actor_header_is_ignored()
    {
        var client = new TargetService.TargetServiceClient(_host.Connect(_host.State.Pki.WrongSubject, actor: "mallory"));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateTargetAsync(ValidTarget(),
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("PERMISSION_DENIED", error.GetReason());
        Assert.Contains("gateway", error.Status.Detail, StringComparison.Ordinal);

        // Nothing was created and no event names the claimed actor.
        var targets = await new TargetService.TargetServiceClient(_host.AsGateway()).ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(targets.Targets);
        var mallory = await _host.Store.Audit.QueryAsync(new AuditQuery(Actor: "mallory"),
            PageRequest.First(), TestContext.Current.CancellationToken);
        Assert.Empty(mallory.Items);
        Assert.Contains(_host.Logs.Lines, l => l.EventId == 2001);
    }

    [Fact]
    public async Task Actor_header_from_the_gateway_is_the_audited_actor()
    {
        var client = new TargetService.TargetServiceClient(_host.AsGateway(actor: "alice@example"));
        var created = await client.CreateTargetAsync(ValidTarget(),
            cancellationToken: TestContext.Current.CancellationToken);

        var events = await _host.Store.Audit.QueryAsync(new AuditQuery(Actor: "alice@example"),
            PageRequest.First(), TestContext.Current.CancellationToken);
        var created_event = Assert.Single(events.Items);
        Assert.Equal(created.Id, created_event.TargetId);
    }

    [Fact]
    public async Task Gateway_without_actor_header_acts_as_the_gateway()
    {
        var client = new TargetService.TargetServiceClient(_host.AsGateway());
        var created = await client.CreateTargetAsync(ValidTarget(),
            cancellationToken: TestContext.Current.CancellationToken);
        var events = await _host.Store.Audit.QueryAsync(new AuditQuery(Actor: GatewayCallerResolver.GatewayActor),
            PageRequest.First(), TestContext.Current.CancellationToken);
        Assert.Contains(events.Items, e => e.TargetId == created.Id);
    }

    [Theory]
    [InlineData(" padded")]
    [InlineData("tab\there")]
    public async Task Malformed_actor_header_from_the_gateway_is_InvalidArgument(string actor)
    {
        var client = new TargetService.TargetServiceClient(_host.AsGateway(actor));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateTargetAsync(ValidTarget(),
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(Caller.ActorHeader, error.GetViolatedFields());
        var targets = await _host.Store.Targets.ListAsync(PageRequest.First(),
            TestContext.Current.CancellationToken);
        Assert.Empty(targets.Items);
    }

    [Fact]
    public async Task Over_long_actor_header_is_InvalidArgument()
    {
        var client = new TargetService.TargetServiceClient(_host.AsGateway(new string('a', 129)));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Health_port_answers_without_a_client_certificate_and_serves_no_vault_call()
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    _host.State.Pki.IsTrustedServer((System.Security.Cryptography.X509Certificates.X509Certificate2)certificate!),
            },
        };
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{_host.HealthPort}/health"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var health = new Health.HealthClient(_host.Connect(null, port: _host.HealthPort));
        var status = await health.CheckAsync(new HealthCheckRequest(),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);

        // The vault's own services are refused there: no certificate, so not the gateway.
        var targets = new TargetService.TargetServiceClient(_host.Connect(null, port: _host.HealthPort));
        var error = await Assert.ThrowsAsync<RpcException>(() => targets.ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    internal static CreateTargetRequest ValidTarget(string name = "pwsync.test", string password = "Priv-Secret-42!") =>
        new()
        {
            Target = new TargetSpec
            {
                Kind = Common.V1.TargetKind.ActiveDirectory,
                Names = { name },
                Endpoints = { "127.0.0.1:636" },
                BaseDn = "DC=pwsync,DC=test",
                PrivilegedAccount = "Administrator",
                PrivilegedPassword = password,
            },
        };
}
