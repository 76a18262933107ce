using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Backup and restore with SQLite's online backup API (sqlite3_backup). A copy of the database file is not a backup:
/// in WAL mode the latest commits live in the -wal file until a checkpoint, and a file copied while a write lands can
/// be torn. The backup API copies every page inside one read transaction instead, a stable snapshot that writers
/// (appending to the WAL) never wait for.
/// </summary>
internal sealed class SqliteSnapshots(SqliteDatabase database) : IVaultSnapshots
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // The tables a vault database cannot be without; a SQLite file lacking one is somebody else's database.
    private static readonly string[] VaultTables =
        ["schema_version", "lists", "records", "password_history", "targets", "api_keys", "audit_events"];

    public string WorkingFolder => Path.GetDirectoryName(Path.GetFullPath(database.DataSource)) ?? ".";

    public async Task<SnapshotSummary> WriteSnapshotAsync(string path, CancellationToken cancellationToken)
    {
        CreateOwnerOnlyFile(path);
        await using (var live = await database.OpenAsync(cancellationToken))
        await using (var copy = Open(path, SqliteOpenMode.ReadWrite))
        {
            await copy.OpenAsync(cancellationToken);
            // One step of every page: the whole copy reads one snapshot, so it holds every commit made before it began.
            await Task.Run(() => live.BackupDatabase(copy), cancellationToken);
        }

        // The copy carries the live file's WAL flag. Switched to rollback mode (on a fresh connection, which opens it
        // as WAL first) it is one self-contained file: nothing of it can be left behind in a -wal file.
        await using (var copy = Open(path, SqliteOpenMode.ReadWrite))
        {
            await copy.OpenAsync(cancellationToken);
            await ScalarAsync(copy, "PRAGMA journal_mode = DELETE", cancellationToken);
        }

        return await InspectAsync(path, cancellationToken);
    }

    public async Task<SnapshotSummary> InspectAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var snapshot = Open(path, SqliteOpenMode.ReadOnly);
            await snapshot.OpenAsync(cancellationToken);
            var integrity = Convert.ToString(await ScalarAsync(snapshot, "PRAGMA integrity_check(1)", cancellationToken));
            if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
            {
                throw new InvalidSnapshotException(
                    $"SQLite's integrity check fails on it ({integrity}): the file is damaged or truncated.");
            }

            var tables = await ListAsync(snapshot, "SELECT name FROM sqlite_master WHERE type = 'table'",
                cancellationToken);
            var missing = VaultTables.Except(tables, StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidSnapshotException(
                    $"it is a SQLite database but not a PasswordSync vault database (no table {string.Join(", ", missing)}).");
            }

            var summary = await SummarizeAsync(snapshot, cancellationToken);
            if (summary.SchemaVersion < 1 || summary.SchemaVersion > SqliteSchema.Migrations.Count)
            {
                throw new InvalidSnapshotException(summary.SchemaVersion < 1
                    ? "its schema_version table is empty: it is not a complete vault database."
                    : $"it has schema version {summary.SchemaVersion}, newer than this vault knows "
                      + $"({SqliteSchema.Migrations.Count}): upgrade the vault before restoring this backup.");
            }

            return summary;
        }
        catch (SqliteException e)
        {
            // SQLite's own texts ("file is not a database", "database disk image is malformed") name no content.
            throw new InvalidSnapshotException(
                $"it is not a readable SQLite database (SQLite error {e.SqliteErrorCode}: {e.Message}).", e);
        }
    }

    public async IAsyncEnumerable<StoredDataKey> DataKeysAsync(string path,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var snapshot = Open(path, SqliteOpenMode.ReadOnly);
        await snapshot.OpenAsync(cancellationToken);
        var records = new SqlSession(snapshot, null).StreamAsync("SELECT id, kek_version, wrapped_key FROM records",
            r => new StoredDataKey(DataKeyOwnerKind.Record, r.Text("id"),
                new WrappedDataKey(r.Int("kek_version"), r.Blob("wrapped_key")), null), cancellationToken);
        await foreach (var key in records)
        {
            yield return key;
        }

        var targets = new SqlSession(snapshot, null).StreamAsync("SELECT id, privileged_password FROM targets",
            r => new StoredDataKey(DataKeyOwnerKind.Target, r.Text("id"), null, r.Blob("privileged_password")),
            cancellationToken);
        await foreach (var key in targets)
        {
            yield return key;
        }
    }

    public async Task<SnapshotSummary> RestoreFromAsync(string path, bool replaceExisting,
        CancellationToken cancellationToken)
    {
        var before = await database.ExclusiveAsync(async live =>
        {
            var current = await SummarizeAsync(live, cancellationToken);
            if (current.Lists > 0 && !replaceExisting)
            {
                throw new StoreException(StoreError.InvalidState,
                    $"This vault already holds {current.Lists} password list(s) with {current.Records} record(s); a "
                    + "restore replaces everything in it. Restore into a fresh vault, or set replace_existing to "
                    + "replace them.");
            }

            await using var snapshot = Open(path, SqliteOpenMode.ReadOnly);
            await snapshot.OpenAsync(cancellationToken);
            var snapshotPageSize = Convert.ToInt64(await ScalarAsync(snapshot, "PRAGMA page_size", cancellationToken));
            var livePageSize = Convert.ToInt64(await ScalarAsync(live, "PRAGMA page_size", cancellationToken));
            if (snapshotPageSize != livePageSize)
            {
                // SQLite cannot copy into a WAL database with another page size (SQLITE_READONLY half-way is worse).
                throw new InvalidSnapshotException(
                    $"its page size ({snapshotPageSize} bytes) differs from this vault database's ({livePageSize}).");
            }

            // Not cancellable once started: one backup step writes every page in one write transaction of the live
            // database, which commits whole or not at all; WAL mode stays on (SQLite keeps the destination's mode).
            await Task.Run(() => snapshot.BackupDatabase(live), CancellationToken.None);
            return current;
        }, cancellationToken);

        // A backup from an older vault gets the migrations it lacks, as the vault does at start-up.
        await SqliteSchemaMigrator.MigrateAsync(database, CancellationToken.None);
        return before;
    }

    private static async Task<SnapshotSummary> SummarizeAsync(SqliteConnection connection,
        CancellationToken cancellationToken) => new(
        SchemaVersion: Convert.ToInt32(await ScalarAsync(connection, "SELECT IFNULL(MAX(version), 0) FROM schema_version",
            cancellationToken)),
        Lists: Convert.ToInt32(await ScalarAsync(connection, "SELECT COUNT(*) FROM lists", cancellationToken)),
        Records: Convert.ToInt32(await ScalarAsync(connection, "SELECT COUNT(*) FROM records WHERE deleted_at IS NULL",
            cancellationToken)),
        AuditEvents: Convert.ToInt64(await ScalarAsync(connection, "SELECT IFNULL(MAX(sequence), 0) FROM audit_events",
            cancellationToken)));

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    // Unpooled: the file is deleted right after, so no idle connection may keep it open.
    private static SqliteConnection Open(string path, SqliteOpenMode mode) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
    }.ToString());

    // Owner-only from creation on (SQLite gives its journal files the database file's mode).
    private static void CreateOwnerOnlyFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var _ = new FileStream(path, options);
    }
}
