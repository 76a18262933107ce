namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// MongoDB deployments back up with MongoDB's own tools: the vault cannot take a consistent copy of a replica set
/// through a single file, and a restore must not race the other vault instances that share the database.
/// </summary>
internal sealed class MongoSnapshots : IVaultSnapshots
{
    public const string Refusal =
        "Backup and restore through the vault work only with the embedded SQLite store; this vault stores its data in "
        + "MongoDB. Back it up with 'mongodump --oplog' (or a consistent snapshot of a replica-set member) and restore "
        + "with 'mongorestore --oplogReplay', and back up the vault's key file (Vault:KeyringFile) separately.";

    public string WorkingFolder => throw new SnapshotsUnsupportedException(Refusal);

    public Task<SnapshotSummary> WriteSnapshotAsync(string path, CancellationToken cancellationToken) =>
        throw new SnapshotsUnsupportedException(Refusal);

    public Task<SnapshotSummary> InspectAsync(string path, CancellationToken cancellationToken) =>
        throw new SnapshotsUnsupportedException(Refusal);

    public IAsyncEnumerable<StoredDataKey> DataKeysAsync(string path, CancellationToken cancellationToken) =>
        throw new SnapshotsUnsupportedException(Refusal);

    public Task<SnapshotSummary> RestoreFromAsync(string path, bool replaceExisting,
        CancellationToken cancellationToken) =>
        throw new SnapshotsUnsupportedException(Refusal);
}
