namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>One previous password of a record, embedded in the record's bounded history array.</summary>
internal sealed class HistoryDocument
{
    public string Id { get; set; } = "";

    public byte[] Password { get; set; } = [];

    public DateTime ReplacedAt { get; set; }

    public string ChangedBy { get; set; } = "";

    public string Reason { get; set; } = "";
}
