using System.Security.Cryptography;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;
using ApiPermission = PasswordSync.Vault.V1.ApiPermission;
using Record = PasswordSync.V1.Record;

namespace PasswordSync.Gateway.Tests.Backup;

/// <summary>
/// Backup and restore through the public Admin API with real vault processes: a suite's backup restored into a fresh
/// suite (new vault process, new empty database, the same key file) serves the same passwords; only admin keys may.
/// </summary>
public sealed class AdminBackupTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_backup_restored_into_a_fresh_suite_with_the_same_key_file_reveals_the_same_passwords()
    {
        var original = suite.Gateway;
        var list = await new Lists.ListsClient(original.Channel(suite.AdminKey)).CreateListAsync(
            new CreateListRequest { List = Api.ApiFixture.ReadyList("backup") }, cancellationToken: Ct);
        var passwords = new Dictionary<string, string>();
        var records = new Records.RecordsClient(original.Channel(suite.AdminKey));
        for (var i = 0; i < 3; i++)
        {
            var password = $"Backup-Gw-{i}-{Guid.NewGuid():N}";
            var created = await records.CreateRecordAsync(new CreateRecordRequest
            {
                ListId = list.Id,
                Record = new Record
                {
                    Title = $"backup {i}",
                    UserName = $"svc-backup-{i}",
                    AccountType = AccountType.Windows,
                    GenericFields = { ["generic1"] = "backup.example" },
                    Password = password,
                },
            }, cancellationToken: Ct);
            passwords[created.Id] = password;
        }

        var (info, data) = await original.BackupAsync(suite.AdminKey);
        Assert.Equal(data.Length, info.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), info.Sha256);
        Assert.True(info.Records >= 3 && info.Lists >= 1, $"{info.Lists} lists, {info.Records} records in the backup.");

        await using var freshBackends = await BackendProcesses.StartAsync(keyringFile: suite.Backends.KeyringPath);
        await using var fresh = new InProcessGateway(freshBackends);
        var freshAdminKey = await fresh.CreateAdminKeyAsync();
        var restored = await fresh.RestoreAsync(freshAdminKey, data, new RestoreOptions { ExpectedSha256 = info.Sha256 });

        Assert.Equal(info.Sha256, restored.Sha256);
        Assert.Equal(info.Records, restored.Records);
        // The API keys are now the backup's: the original admin key works on the fresh suite, and the key that
        // existed only in the fresh database is refused at once (the gateway dropped its cached lookup).
        var restoredRecords = new Records.RecordsClient(fresh.Channel(suite.AdminKey));
        foreach (var (recordId, password) in passwords)
        {
            var revealed = await restoredRecords.RevealPasswordAsync(
                new RevealPasswordRequest { RecordId = recordId, Reason = "restore check" }, cancellationToken: Ct);
            Assert.Equal(password, revealed.Password);
        }

        var gone = await Assert.ThrowsAsync<RpcException>(() => new Lists.ListsClient(fresh.Channel(freshAdminKey))
            .ListListsAsync(new ListListsRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, gone.StatusCode);

        var admin = new Admin.AdminClient(fresh.Channel(suite.AdminKey));
        var chain = await admin.VerifyAuditAsync(new VerifyAuditRequest(), cancellationToken: Ct);
        Assert.True(chain.Valid, chain.Problem);
        var restoreEvents = await admin.QueryAuditAsync(new QueryAuditRequest { Action = "VaultRestored" },
            cancellationToken: Ct);
        Assert.Contains(info.Sha256, Assert.Single(restoreEvents.Events).Detail, StringComparison.Ordinal);

        foreach (var password in passwords.Values)
        {
            Assert.False(suite.Backends.Vault.Output.Contains(password, StringComparison.Ordinal),
                "A password reached the original vault's log.");
            Assert.False(freshBackends.Vault.Output.Contains(password, StringComparison.Ordinal),
                "A password reached the fresh vault's log.");
        }
    }

    [Fact]
    public async Task A_key_without_the_admin_permission_can_neither_back_up_nor_restore()
    {
        var key = await suite.Gateway.CreateApiKeyAsync($"backup-nonadmin-{Guid.NewGuid():N}",
            [ApiPermission.Read, ApiPermission.Reveal, ApiPermission.Write, ApiPermission.Sync]);
        var before = await BackupTracesAsync();

        var backup = await Assert.ThrowsAsync<RpcException>(() => suite.Gateway.BackupAsync(key));
        var restore = await Assert.ThrowsAsync<RpcException>(() =>
            suite.Gateway.RestoreAsync(key, new byte[4096], new RestoreOptions { ReplaceExisting = true }));

        Assert.Equal(StatusCode.PermissionDenied, backup.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, restore.StatusCode);
        Assert.Contains("'admin' permission", restore.Status.Detail, StringComparison.Ordinal);
        // Refused by the gateway before the vault was asked: no backup taken, nothing restored, no list touched.
        Assert.Equal(before, await BackupTracesAsync());
    }

    [Fact]
    public async Task A_refused_restore_reaches_the_caller_with_the_vaults_reason_and_is_audited()
    {
        var garbage = new byte[10_000];
        new Random(7).NextBytes(garbage);

        var refused = await Assert.ThrowsAsync<RpcException>(() => suite.Gateway.RestoreAsync(suite.AdminKey, garbage,
            new RestoreOptions { ReplaceExisting = true }));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith("The data is not a PasswordSync vault backup", refused.Status.Detail, StringComparison.Ordinal);
        var failures = await new Admin.AdminClient(suite.Gateway.Channel(suite.AdminKey)).QueryAuditAsync(
            new QueryAuditRequest { Action = "OperationFailed", PageSize = 1000 }, cancellationToken: Ct);
        Assert.Contains(failures.Events, e => e.Detail.StartsWith("Vault restore refused (FailedPrecondition)",
            StringComparison.Ordinal));
    }

    // What a backup or restore would leave behind: their audit events, and the lists a restore would replace.
    private async Task<string> BackupTracesAsync()
    {
        var admin = new Admin.AdminClient(suite.Gateway.Channel(suite.AdminKey));
        var traces = new List<string>();
        foreach (var action in new[] { "VaultBackedUp", "VaultRestored", "OperationFailed" })
        {
            var events = await admin.QueryAuditAsync(new QueryAuditRequest { Action = action, PageSize = 1000 },
                cancellationToken: Ct);
            traces.AddRange(events.Events.Select(e => $"{action} {e.Sequence}"));
        }

        var lists = await new Lists.ListsClient(suite.Gateway.Channel(suite.AdminKey))
            .ListListsAsync(new ListListsRequest { PageSize = 1000 }, cancellationToken: Ct);
        traces.AddRange(lists.Lists.Select(l => $"list {l.Id} v{l.Version}"));
        return string.Join("\n", traces);
    }
}
