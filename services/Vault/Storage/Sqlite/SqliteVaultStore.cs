namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>The embedded store: one SQLite database file in WAL mode.</summary>
public sealed class SqliteVaultStore : IVaultStore, IDisposable
{
    private readonly SqliteDatabase database;

    /// <param name="clock">Stamps audit event times and CreatedAt / UpdatedAt.</param>
    public SqliteVaultStore(SqliteStoreOptions options, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, nameof(options));
        if (options.Path.Contains(":memory:", StringComparison.OrdinalIgnoreCase))
        {
            // Every pooled connection would open its own empty in-memory database.
            throw new ArgumentException("The SQLite vault store needs a database file path, not an in-memory database.",
                nameof(options));
        }

        database = new SqliteDatabase(options, clock);
        Lists = new SqliteListStore(database);
        Records = new SqliteRecordStore(database);
        Rotations = new SqliteRotationJournal(database);
        Targets = new SqliteTargetStore(database);
        Jobs = new SqliteJobStore(database);
        ApiKeys = new SqliteApiKeyStore(database);
        Audit = new SqliteAuditLog(database);
        DataKeys = new SqliteDataKeyStore(database);
        Snapshots = new SqliteSnapshots(database);
    }

    public IListStore Lists { get; }

    public IRecordStore Records { get; }

    public IRotationJournal Rotations { get; }

    public ITargetStore Targets { get; }

    public IJobStore Jobs { get; }

    public IApiKeyStore ApiKeys { get; }

    public IAuditLog Audit { get; }

    public IDataKeyStore DataKeys { get; }

    public IVaultSnapshots Snapshots { get; }

    /// <summary>The store's own connections, for tests that check connection settings.</summary>
    internal SqliteDatabase Database => database;

    public Task<int> ForgetRequestIdsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync(s => s.ExecuteAsync("DELETE FROM idempotency WHERE created_at < @before", cancellationToken,
            ("@before", SqliteValues.ToDb(before))), cancellationToken);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        SqliteSchemaMigrator.MigrateAsync(database, cancellationToken);

    public void Dispose() => database.Dispose();
}
