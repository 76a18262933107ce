namespace PasswordSync.Vault.Storage;

/// <summary>A file offered for restore is not a vault database this vault can serve. The message says why.</summary>
public sealed class InvalidSnapshotException : Exception
{
    public InvalidSnapshotException()
    {
    }

    public InvalidSnapshotException(string message)
        : base(message)
    {
    }

    public InvalidSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
