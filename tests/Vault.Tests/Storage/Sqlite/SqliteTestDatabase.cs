using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Storage.Sqlite;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>A database file in its own temporary folder, removed with every store opened on it.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("pwsync-vault-").FullName;
    private readonly List<SqliteVaultStore> stores = [];

    public string Path => System.IO.Path.Combine(folder, "vault.db");

    public async Task<SqliteVaultStore> OpenStoreAsync(TimeProvider clock)
    {
        var store = new SqliteVaultStore(new SqliteStoreOptions { Path = Path }, clock);
        stores.Add(store);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    /// <summary>A connection of the test's own, outside the store (to inspect or tamper with rows).</summary>
    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The bytes of the database file and its write-ahead log, as they are on disk now.</summary>
    public byte[] FileBytes()
    {
        var wal = Path + "-wal";
        return [.. File.ReadAllBytes(Path), .. File.Exists(wal) ? File.ReadAllBytes(wal) : []];
    }

    public void Dispose()
    {
        foreach (var store in stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
