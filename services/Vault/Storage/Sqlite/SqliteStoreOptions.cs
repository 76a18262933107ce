namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>Where the embedded SQLite store keeps its database.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Path of the database file; created with its folder when missing.</summary>
    public string Path { get; set; } = "";

    /// <summary>How long a writer waits for another process holding the database's write lock.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
