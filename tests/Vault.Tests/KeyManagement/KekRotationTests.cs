using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.KeyManagement;

/// <summary>
/// Seal under KEK 1, make KEK 2 active, re-wrap, remove KEK 1, restart: every secret (current, pending, history,
/// target credential) still decrypts. Without the re-wrap, removing KEK 1 makes them unreadable (the control).
/// </summary>
public sealed class KekRotationTests : IDisposable
{
    private const string OldPassword = "Kek-Old-Pa55!";
    private const string CurrentPassword = "Kek-Current-Pa55!";
    private const string PendingPassword = "Kek-Pending-Pa55!";
    private const string Privileged = "Kek-Priv-Pa55!";
    private static readonly Dictionary<string, string?> NoBackgroundPass = new() { ["Vault:KeyRotation:Enabled"] = "false" };

    private readonly VaultHostState _state = new();
    private readonly byte[] _secondKek = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _state.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_rewrap_and_removal_of_the_old_KEK_every_secret_still_decrypts()
    {
        var (rotated, pending) = await SealEverythingUnderFirstKekAsync();

        _state.KeyringJson = VaultHostState.KeyringWith(2, (1, _state.FirstKek), (2, _secondKek));
        await using (var host = MtlsVaultHost.Start(_state, NoBackgroundPass))
        {
            var result = await new KeyManagementService.KeyManagementServiceClient(host.AsGateway("admin"))
                .RotateDataKeysAsync(new RotateDataKeysRequest(), cancellationToken: Ct);
            Assert.Equal(2, result.ActiveKekVersion);
            Assert.Equal(2, result.RecordKeysRewrapped);
            Assert.Equal(1, result.TargetSecretsRewrapped);
            Assert.Empty(await host.Store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Record, 2, null, 10, Ct));
            Assert.Empty(await host.Store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Target, 2, null, 10, Ct));
            var again = await new KeyManagementService.KeyManagementServiceClient(host.AsGateway("admin"))
                .RotateDataKeysAsync(new RotateDataKeysRequest(), cancellationToken: Ct);
            Assert.Equal(0, again.RecordKeysRewrapped + again.TargetSecretsRewrapped);
        }

        _state.KeyringJson = VaultHostState.KeyringWith(2, (2, _secondKek));
        await using (var host = MtlsVaultHost.Start(_state, NoBackgroundPass))
        {
            var material = await new SyncMaterialService.SyncMaterialServiceClient(host.AsGateway())
                .GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = pending }, cancellationToken: Ct);
            Assert.Equal(OldPassword, material.CurrentPassword);
            Assert.Equal(PendingPassword, material.Pending.Password);
            Assert.Equal(Privileged, material.Target.PrivilegedPassword);

            var record = await host.ReadRecordAsync(rotated);
            Assert.Equal(2, record.DataKey.KekVersion);
            Assert.Equal(CurrentPassword, host.OpenCurrentPassword(record));
            var history = Assert.Single((await host.Store.Records.GetHistoryAsync(rotated, PageRequest.First(), Ct)).Items);
            Assert.Equal(OldPassword, host.Cipher.Open(record.DataKey, rotated, RecordFields.History(history.Id),
                history.SealedPassword));
            host.Logs.AssertContainsNone(OldPassword, CurrentPassword, PendingPassword, Privileged);
        }
    }

    [Fact]
    public async Task Background_pass_rewraps_without_an_admin_call()
    {
        await SealEverythingUnderFirstKekAsync();
        _state.KeyringJson = VaultHostState.KeyringWith(2, (1, _state.FirstKek), (2, _secondKek));
        await using var host = MtlsVaultHost.Start(_state);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await host.Store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Record, 2, null, 10, Ct)).Count > 0
            || (await host.Store.DataKeys.ListNotUnderAsync(DataKeyOwnerKind.Target, 2, null, 10, Ct)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the background re-wrap did not finish within 20 s");
            await Task.Delay(100, Ct);
        }

        var audit = await host.Store.Audit.QueryAsync(new AuditQuery(Action: Model.AuditAction.KeyRotation),
            PageRequest.First(), Ct);
        Assert.Contains(audit.Items, e => e.Actor == "vault:key-rotation");
    }

    [Fact]
    public async Task Control_without_rewrap_removing_the_old_KEK_makes_secrets_unreadable_with_a_clear_error()
    {
        var (_, pending) = await SealEverythingUnderFirstKekAsync();
        _state.KeyringJson = VaultHostState.KeyringWith(2, (2, _secondKek));
        await using var host = MtlsVaultHost.Start(_state, NoBackgroundPass);

        var error = await Assert.ThrowsAsync<RpcException>(() => new SyncMaterialService.SyncMaterialServiceClient(
            host.AsGateway()).GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = pending },
            cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("CONFIGURATION", error.GetReason());
        Assert.Contains("RotateDataKeys", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Privileged, error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>Under KEK 1: a rotated record (current + history), a record with a pending rotation, a target.</summary>
    private async Task<(string Rotated, string Pending)> SealEverythingUnderFirstKekAsync()
    {
        await using var host = MtlsVaultHost.Start(_state, NoBackgroundPass);
        await new TargetService.TargetServiceClient(host.AsGateway()).CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("pwsync.test", Privileged), cancellationToken: Ct);
        var journal = new RotationJournal.RotationJournalClient(host.AsGateway());

        var rotated = await host.SeedRecordAsync(OldPassword);
        var rotationId = MtlsVaultHost.NewId();
        await journal.BeginRotationAsync(Begin(rotated.Id, rotationId, CurrentPassword), cancellationToken: Ct);
        await journal.CommitRotationAsync(new CommitRotationRequest
        {
            RequestId = MtlsVaultHost.NewId(),
            RecordId = rotated.Id,
            RotationId = rotationId,
        }, cancellationToken: Ct);

        var pending = await host.SeedRecordAsync(OldPassword);
        await journal.BeginRotationAsync(Begin(pending.Id, MtlsVaultHost.NewId(), PendingPassword), cancellationToken: Ct);
        Assert.Equal(1, (await host.ReadRecordAsync(pending.Id)).DataKey.KekVersion);
        return (rotated.Id, pending.Id);
    }

    private static BeginRotationRequest Begin(string recordId, string rotationId, string password) => new()
    {
        RequestId = MtlsVaultHost.NewId(),
        RecordId = recordId,
        RotationId = rotationId,
        NewPassword = password,
        Owner = "gateway-1",
        Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
    };
}
