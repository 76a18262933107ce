namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>Brings a database file to the current schema; safe to run from several processes at once.</summary>
internal static class SqliteSchemaMigrator
{
    public static async Task MigrateAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(database.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // WAL is a property of the file (it persists), unlike the per-connection pragmas.
        await database.ReadAsync(async session =>
        {
            var mode = (string?)await session.ScalarAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL mode for '{database.DataSource}' (got '{mode}').");
            }

            return true;
        }, cancellationToken);

        await database.WriteAsync(async session =>
        {
            await session.ExecuteAsync(SqliteSchema.VersionTable, cancellationToken);
            var current = (long?)await session.ScalarAsync("SELECT MAX(version) FROM schema_version", cancellationToken) ?? 0;
            for (var version = (int)current + 1; version <= SqliteSchema.Migrations.Count; version++)
            {
                await session.ExecuteAsync(SqliteSchema.Migrations[version - 1], cancellationToken);
                await session.ExecuteAsync("INSERT INTO schema_version (version, applied_at) VALUES (@v, @now)",
                    cancellationToken, ("@v", version), ("@now", SqliteValues.ToDb(session.Now)));
            }

            return true;
        }, cancellationToken);
    }
}
