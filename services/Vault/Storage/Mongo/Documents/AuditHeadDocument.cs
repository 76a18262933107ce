namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>
/// The single document ("_id": "head") in "audit_head" holding the chain's last sequence and hash. Appends
/// compare-and-set its sequence inside their transaction, which serialises them.
/// </summary>
internal sealed class AuditHeadDocument
{
    public const string SingletonId = "head";

    public string Id { get; set; } = SingletonId;

    public long Sequence { get; set; }

    public byte[] Hash { get; set; } = [];
}
