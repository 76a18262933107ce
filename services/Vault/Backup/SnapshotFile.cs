namespace PasswordSync.Vault.Backup;

/// <summary>
/// A backup file in flight, beside the database (so it gets the database's protection, and is owner-only from
/// creation on). Disposing deletes it, with any journal SQLite made beside it, whatever happened: a backup must not
/// linger as a second copy of the vault.
/// </summary>
internal sealed class SnapshotFile : IDisposable
{
    private static readonly string[] SqliteCompanions = ["", "-journal", "-wal", "-shm"];

    private SnapshotFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>A fresh, not yet existing path in <paramref name="folder"/>.</summary>
    public static SnapshotFile In(string folder, string purpose) =>
        new(System.IO.Path.Combine(folder, $".vault-{purpose}-{Guid.NewGuid():N}.tmp"));

    public void Dispose()
    {
        foreach (var suffix in SqliteCompanions)
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // Still open somewhere (it cannot be on Linux); the name is unique, so it never gets in the way.
            }
        }
    }
}
