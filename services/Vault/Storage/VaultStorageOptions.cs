namespace PasswordSync.Vault.Storage;

/// <summary>Which store holds the vault's state.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: one SQLite file.</summary>
    Sqlite,
    /// <summary>Production: a MongoDB replica set.</summary>
    MongoDb,
}

/// <summary>Configuration section <c>Vault:Storage</c>.</summary>
public sealed class VaultStorageOptions
{
    public const string Section = "Vault:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public SqliteSettings Sqlite { get; set; } = new();

    public MongoDbSettings MongoDb { get; set; } = new();

    public sealed class SqliteSettings
    {
        /// <summary>The database file; its -wal and -shm files live beside it.</summary>
        public string Path { get; set; } = "";
    }

    public sealed class MongoDbSettings
    {
        /// <summary>A replica-set connection string (transactions need one).</summary>
        public string ConnectionString { get; set; } = "";

        public string Database { get; set; } = "passwordsync";
    }

    /// <summary>What is wrong with these settings, as sentences saying what to set; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems() => Provider switch
    {
        StorageProvider.Sqlite when string.IsNullOrWhiteSpace(Sqlite.Path) =>
            ["Vault:Storage:Sqlite:Path is not set: give the SQLite database file "
                + "(e.g. Vault__Storage__Sqlite__Path=/var/lib/passwordsync/vault.db)."],
        StorageProvider.MongoDb when string.IsNullOrWhiteSpace(MongoDb.ConnectionString) =>
            ["Vault:Storage:MongoDb:ConnectionString is not set: give a replica-set connection string "
                + "(e.g. mongodb://mongodb:27017/?replicaSet=rs0)."],
        StorageProvider.MongoDb when string.IsNullOrWhiteSpace(MongoDb.Database) =>
            ["Vault:Storage:MongoDb:Database is empty: name the database (default passwordsync)."],
        _ => [],
    };
}
