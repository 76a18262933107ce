namespace PasswordSync.Vault.Storage;

/// <summary>The store has no whole-database backup and restore (MongoDB); the message says what to use instead.</summary>
public sealed class SnapshotsUnsupportedException : Exception
{
    public SnapshotsUnsupportedException()
    {
    }

    public SnapshotsUnsupportedException(string message)
        : base(message)
    {
    }

    public SnapshotsUnsupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
