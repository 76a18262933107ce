namespace PasswordSync.Vault.Storage;

/// <summary>What a database file (a backup, or the live database) holds.</summary>
public sealed record SnapshotSummary(int SchemaVersion, int Lists, int Records, long AuditEvents);

/// <summary>
/// A store's whole-database backup and restore, as one file. Only the embedded SQLite store has it; the MongoDB store
/// refuses every call with <see cref="SnapshotsUnsupportedException"/> (MongoDB has its own tools: mongodump --oplog,
/// snapshots of a replica-set member). The files hold sealed secrets and wrapped keys only, never plaintext.
/// </summary>
public interface IVaultSnapshots
{
    /// <summary>
    /// The folder for snapshot files in flight: the database's own folder, so they get the same protection and a
    /// restore never reads across file systems.
    /// </summary>
    string WorkingFolder { get; }

    /// <summary>Writes a consistent copy of the live database to <paramref name="path"/> (a new file) while writes go on.</summary>
    Task<SnapshotSummary> WriteSnapshotAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="path"/> read-only and checks it is a vault database this vault can serve (SQLite
    /// integrity check, the vault's tables, a schema version it knows).
    /// </summary>
    /// <exception cref="InvalidSnapshotException">It is not; the message says why.</exception>
    Task<SnapshotSummary> InspectAsync(string path, CancellationToken cancellationToken);

    /// <summary>Every wrapped data key and standalone secret in the snapshot at <paramref name="path"/>.</summary>
    IAsyncEnumerable<StoredDataKey> DataKeysAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the live database's content with the snapshot at <paramref name="path"/> (already inspected), then
    /// brings it to the current schema. Returns what the live database held before.
    /// </summary>
    /// <exception cref="StoreException">InvalidState: the live database holds lists and <paramref name="replaceExisting"/> is false (nothing changed).</exception>
    /// <exception cref="InvalidSnapshotException">The snapshot cannot be copied into this database (nothing changed).</exception>
    Task<SnapshotSummary> RestoreFromAsync(string path, bool replaceExisting, CancellationToken cancellationToken);
}
