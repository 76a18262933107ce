using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Backup;

/// <summary>
/// Backup and restore of the whole vault database. A backup is a file beside the database, taken with the store's
/// online backup, hashed, audited, streamed and deleted. A restore lands in such a file, is checked (checksum, SQLite
/// integrity, vault schema, the key ring unwraps every data key, the vault is empty or replace_existing is set) and
/// only then copied into the live database; every refusal leaves the live database as it was.
/// </summary>
internal sealed class BackupEndpoint(
    IVaultStore store,
    IRecordCipher cipher,
    Keyring keyring,
    IOptions<BackupOptions> options,
    TimeProvider clock,
    ILogger<BackupEndpoint> logger) : VaultBackup.VaultBackupBase
{
    public override async Task BackupDatabase(BackupDatabaseRequest request,
        IServerStreamWriter<DatabaseChunk> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var actor = context.GetCaller().Actor;
        using var file = SnapshotFile.In(WorkingFolder(), "backup");
        var summary = await store.Snapshots.WriteSnapshotAsync(file.Path, cancellationToken);
        var (size, sha256) = await FileDigest.OfAsync(file.Path, cancellationToken);
        var takenAt = clock.GetUtcNow();

        // Audited before the first byte leaves: a copy of the vault that was (even partly) handed out is on record.
        await store.Audit.AppendAsync(null, new AuditDraft
        {
            Action = AuditAction.VaultBackedUp,
            Actor = actor,
            Detail = $"Backup taken: {size} bytes, SHA-256 {sha256}, schema {summary.SchemaVersion}, "
                + $"{summary.Lists} lists, {summary.Records} records.",
        }, cancellationToken);
        BackupLog.BackupTaken(logger, actor, size, sha256, summary.SchemaVersion, summary.Lists, summary.Records);

        var info = new DatabaseSummary
        {
            SizeBytes = size,
            Sha256 = sha256,
            TakenAt = Timestamp.FromDateTimeOffset(takenAt),
            SchemaVersion = summary.SchemaVersion,
            Lists = summary.Lists,
            Records = summary.Records,
        };
        await using var stream = File.OpenRead(file.Path);
        var buffer = new byte[options.Value.ChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var chunk = new DatabaseChunk { Data = ByteString.CopyFrom(buffer, 0, read) };
            if (info is not null)
            {
                chunk.Info = info;
                info = null;
            }

            await responseStream.WriteAsync(chunk, cancellationToken);
        }
    }

    public override async Task<DatabaseSummary> RestoreDatabase(IAsyncStreamReader<RestoreDatabaseChunk> requestStream,
        ServerCallContext context)
    {
        var actor = context.GetCaller().Actor;
        try
        {
            return await RestoreAsync(requestStream, actor, context.CancellationToken);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            BackupLog.RestoreRefused(logger, actor, e.StatusCode.ToString(), e.Status.Detail);
            throw;
        }
    }

    private async Task<DatabaseSummary> RestoreAsync(IAsyncStreamReader<RestoreDatabaseChunk> requestStream,
        string actor, CancellationToken cancellationToken)
    {
        using var file = SnapshotFile.In(WorkingFolder(), "restore");
        var upload = await RestoreUpload.ReceiveAsync(requestStream, file.Path, options.Value.MaxRestoreBytes,
            cancellationToken);
        if (upload.Size == 0)
        {
            throw BackupErrors.Empty();
        }

        var expected = upload.Options.ExpectedSha256;
        if (expected.Length > 0 && !string.Equals(expected, upload.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw BackupErrors.ChecksumMismatch(expected, upload.Sha256);
        }

        SnapshotSummary restored;
        SnapshotSummary replaced;
        try
        {
            restored = await store.Snapshots.InspectAsync(file.Path, cancellationToken);
            await BackupKeyCheck.RequireUnwrappableAsync(store.Snapshots.DataKeysAsync(file.Path, cancellationToken),
                cipher, keyring, cancellationToken);
            replaced = await store.Snapshots.RestoreFromAsync(file.Path, upload.Options.ReplaceExisting,
                cancellationToken);
        }
        catch (InvalidSnapshotException e)
        {
            throw BackupErrors.NotABackup(e.Message);
        }
        catch (StoreException e) when (e.Error == StoreError.InvalidState)
        {
            throw BackupErrors.VaultNotEmpty(e.Message);
        }

        // Appended to the restored chain, so it continues from the backup's last event and still verifies; the
        // replaced database's counts stay on record here.
        await store.Audit.AppendAsync(null, new AuditDraft
        {
            Action = AuditAction.VaultRestored,
            Actor = actor,
            Detail = $"Restored from a backup of {upload.Size} bytes, SHA-256 {upload.Sha256}, schema "
                + $"{restored.SchemaVersion}, {restored.Lists} lists, {restored.Records} records; it replaced "
                + $"{replaced.Lists} lists, {replaced.Records} records and {replaced.AuditEvents} audit events.",
        }, CancellationToken.None);
        BackupLog.Restored(logger, actor, replaced.Lists, replaced.Records, replaced.AuditEvents, upload.Size,
            upload.Sha256, restored.Lists, restored.Records);
        return new DatabaseSummary
        {
            SizeBytes = upload.Size,
            Sha256 = upload.Sha256,
            SchemaVersion = restored.SchemaVersion,
            Lists = restored.Lists,
            Records = restored.Records,
        };
    }

    private string WorkingFolder()
    {
        try
        {
            return store.Snapshots.WorkingFolder;
        }
        catch (SnapshotsUnsupportedException e)
        {
            throw BackupErrors.Unsupported(e.Message);
        }
    }
}
