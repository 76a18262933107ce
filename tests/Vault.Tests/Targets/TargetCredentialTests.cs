using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;
using AuditEvent = PasswordSync.Vault.Model.AuditEvent;

namespace PasswordSync.Vault.Tests.Targets;

/// <summary>
/// A target's privileged credential for a record-less directory call (the gateway's target test): returned only to the
/// gateway, audited as sync use before it leaves, never logged.
/// </summary>
public sealed class TargetCredentialTests : IAsyncLifetime
{
    private const string Privileged = "Priv-Credential-Test-7!";
    private MtlsVaultHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Logs.AssertContainsNone(Privileged);
        await _host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Returns_the_target_with_its_privileged_password_audited_as_sync_use()
    {
        var target = await new TargetService.TargetServiceClient(_host.AsGateway("admin")).CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("cred.pwsync.test", Privileged), cancellationToken: Ct);

        var credential = await new TargetService.TargetServiceClient(_host.AsGateway("apikey:tester"))
            .GetTargetCredentialAsync(new GetTargetCredentialRequest { TargetId = target.Id, Purpose = "target test" },
                cancellationToken: Ct);

        Assert.Equal(Privileged, credential.PrivilegedPassword);
        Assert.Equal(target, credential.Target);
        var audit = await AuditOfAsync("apikey:tester");
        var use = Assert.Single(audit);
        Assert.Equal(AuditAction.SyncMaterialUsed, use.Action);
        Assert.Equal(target.Id, use.TargetId);
        Assert.Contains("target test", use.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Privileged, use.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_target_is_not_found_and_nothing_is_audited()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new TargetService.TargetServiceClient(_host.AsGateway("apikey:ghost")).GetTargetCredentialAsync(
                new GetTargetCredentialRequest { TargetId = "no-such-target", Purpose = "target test" },
                cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-target", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await AuditOfAsync("apikey:ghost"));
    }

    [Fact]
    public async Task A_missing_purpose_is_refused_naming_the_field()
    {
        var target = await new TargetService.TargetServiceClient(_host.AsGateway("admin")).CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("nopurpose.pwsync.test", Privileged), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new TargetService.TargetServiceClient(_host.AsGateway("apikey:nopurpose")).GetTargetCredentialAsync(
                new GetTargetCredentialRequest { TargetId = target.Id }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["purpose"], error.GetViolatedFields());
        Assert.Empty(await AuditOfAsync("apikey:nopurpose"));
    }

    [Fact]
    public async Task The_credential_is_refused_to_a_caller_that_is_not_the_gateway()
    {
        var target = await new TargetService.TargetServiceClient(_host.AsGateway("admin")).CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("impostor.pwsync.test", Privileged), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new TargetService.TargetServiceClient(_host.Connect(_host.State.Pki.WrongSubject, "apikey:mallory"))
                .GetTargetCredentialAsync(new GetTargetCredentialRequest { TargetId = target.Id, Purpose = "x" },
                    cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Empty(await AuditOfAsync("apikey:mallory"));
    }

    private async Task<IReadOnlyList<AuditEvent>> AuditOfAsync(string actor) =>
        (await _host.Store.Audit.QueryAsync(new AuditQuery(Actor: actor), PageRequest.First(PageRequest.MaxSize), Ct))
        .Items;
}
