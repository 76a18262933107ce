namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>The rotation in flight, embedded in its record so begin/commit/abort/claim are single-document updates.</summary>
internal sealed class PendingDocument
{
    public string RotationId { get; set; } = "";

    public byte[] Password { get; set; } = [];

    public string Owner { get; set; } = "";

    public DateTime LeaseExpiresAt { get; set; }

    public DateTime StartedAt { get; set; }

    public string Reason { get; set; } = "";

    public string Actor { get; set; } = "";

    public int ClaimCount { get; set; }
}
