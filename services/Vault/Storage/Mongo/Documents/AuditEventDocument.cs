namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>
/// One audit event in the "audit_events" collection. Its _id is the chain sequence, so the primary key's unique
/// index is what makes two events at one position impossible.
/// </summary>
internal sealed class AuditEventDocument
{
    public long Sequence { get; set; }

    public DateTime Time { get; set; }

    public Model.AuditAction Action { get; set; }

    public string Actor { get; set; } = "";

    public string ListId { get; set; } = "";

    public string RecordId { get; set; } = "";

    public string TargetId { get; set; } = "";

    public string Detail { get; set; } = "";

    public string RequestId { get; set; } = "";

    public byte[] PreviousHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];
}
