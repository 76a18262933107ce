using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.SyncMaterial;

/// <summary>Sync material: both candidate passwords and the privileged credential, audited as sync use.</summary>
public sealed class SyncMaterialTests : IAsyncLifetime
{
    private const string Current = "Current-Pa55!sync";
    private const string Pending = "Pending-Pa55!sync";
    private const string Privileged = "Priv-Pa55!sync";
    private MtlsVaultHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        await new TargetService.TargetServiceClient(_host.AsGateway("admin")).CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("pwsync.test", Privileged), cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Logs.AssertContainsNone(Current, Pending, Privileged);
        await _host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Returns_current_and_pending_passwords_and_the_resolved_target_audited_as_sync_use()
    {
        var record = await _host.SeedRecordAsync(Current, domainOrHost: "PWSYNC.test");
        var rotationId = MtlsVaultHost.NewId();
        await new RotationJournal.RotationJournalClient(_host.AsGateway("alice")).BeginRotationAsync(
            new BeginRotationRequest
            {
                RequestId = MtlsVaultHost.NewId(),
                RecordId = record.Id,
                RotationId = rotationId,
                NewPassword = Pending,
                Owner = "gateway-1",
                Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
            }, cancellationToken: Ct);

        var material = await new SyncMaterialService.SyncMaterialServiceClient(_host.AsGateway("alice"))
            .GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = record.Id }, cancellationToken: Ct);

        Assert.Equal(Current, material.CurrentPassword);
        Assert.Equal(Pending, material.Pending.Password);
        Assert.Equal(rotationId, material.Pending.RotationId);
        Assert.Equal(Privileged, material.Target.PrivilegedPassword);
        Assert.Equal(["pwsync.test"], material.Target.Target.Names);
        Assert.Equal("svc-app", material.UserName);
        Assert.Equal(AccountType.Windows, material.AccountType);

        var audit = await _host.AuditOfRecordAsync(record.Id);
        var use = Assert.Single(audit, e => e.Action == AuditAction.SyncMaterialUsed);
        Assert.Equal("alice", use.Actor);
        Assert.Equal(material.Target.Target.Id, use.TargetId);
        Assert.DoesNotContain(audit, e => e.Action == AuditAction.PasswordRevealed);
        Assert.All(audit, e => Assert.DoesNotContain(Pending, e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_record_whose_domain_names_no_target_gets_a_configuration_error_and_no_audit()
    {
        var record = await _host.SeedRecordAsync(Current, domainOrHost: "unknown.example");
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new SyncMaterialService.SyncMaterialServiceClient(_host.AsGateway()).GetSyncMaterialAsync(
                new GetSyncMaterialRequest { RecordId = record.Id }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("CONFIGURATION", error.GetReason());
        Assert.Contains("unknown.example", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await _host.AuditOfRecordAsync(record.Id), e => e.Action == AuditAction.SyncMaterialUsed);
    }

    [Fact]
    public async Task Record_sync_state_stores_the_outcome_of_a_check()
    {
        var record = await _host.SeedRecordAsync(Current);
        var state = await new SyncMaterialService.SyncMaterialServiceClient(_host.AsGateway("checker"))
            .RecordSyncStateAsync(new RecordSyncStateRequest
            {
                RecordId = record.Id,
                State = RecordSyncStatus.OutOfSync,
                Reason = "INVALID_CREDENTIALS: the directory refused the stored password",
                DirectoryPasswordLastSet = "133801234500000000",
            }, cancellationToken: Ct);

        Assert.Equal(RecordSyncStatus.OutOfSync, state.SyncState);
        var stored = await _host.ReadRecordAsync(record.Id);
        Assert.Equal(SyncState.OutOfSync, stored.SyncState);
        Assert.Equal("133801234500000000", stored.DirectoryPasswordLastSet);
        Assert.Contains(await _host.AuditOfRecordAsync(record.Id),
            e => e.Action == AuditAction.SyncStateRecorded && e.Actor == "checker");
    }

    [Fact]
    public async Task Sync_material_is_refused_to_a_caller_that_is_not_the_gateway()
    {
        var record = await _host.SeedRecordAsync(Current);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new SyncMaterialService.SyncMaterialServiceClient(_host.Connect(_host.State.Pki.WrongSubject, "alice"))
                .GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = record.Id }, cancellationToken: Ct)
                .ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.DoesNotContain(await _host.AuditOfRecordAsync(record.Id), e => e.Action == AuditAction.SyncMaterialUsed);
    }
}
