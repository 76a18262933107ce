using Grpc.Core;
using MongoDB.Driver;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Backup;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;

namespace PasswordSync.Vault.Tests.Backup;

/// <summary>
/// MongoDB deployments back up with MongoDB's tools. No MongoDB server can run on this machine (see
/// shared/notes/environment.md), so this checks the refusal on a store whose client never connects: every snapshot
/// call is refused before any server round trip.
/// </summary>
public sealed class MongoBackupRefusalTests
{
    [Fact]
    public async Task The_MongoDB_store_refuses_backup_and_restore_and_names_mongodump()
    {
        var store = new MongoVaultStore(new MongoClient("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100"),
            "never-used", TimeProvider.System);

        var folder = Assert.Throws<SnapshotsUnsupportedException>(() => store.Snapshots.WorkingFolder);
        await Assert.ThrowsAsync<SnapshotsUnsupportedException>(() =>
            store.Snapshots.WriteSnapshotAsync("/nonexistent", CancellationToken.None));
        await Assert.ThrowsAsync<SnapshotsUnsupportedException>(() =>
            store.Snapshots.RestoreFromAsync("/nonexistent", replaceExisting: true, CancellationToken.None));

        Assert.Contains("mongodump --oplog", folder.Message, StringComparison.Ordinal);
        Assert.Contains("key file", folder.Message, StringComparison.Ordinal);
        var status = BackupErrors.Unsupported(folder.Message);
        Assert.Equal(StatusCode.FailedPrecondition, status.StatusCode);
        Assert.Equal("UNSUPPORTED", status.GetReason());
    }
}
