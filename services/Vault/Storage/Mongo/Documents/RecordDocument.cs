namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>
/// One password record in the "records" collection: its fields, lowercase shadows for case-insensitive search, its
/// sealed secrets, history and pending rotation, so every rotation step is one single-document atomic update.
/// Element names are fixed by <see cref="DocumentClassMaps"/>, never by conventions.
/// </summary>
internal sealed class RecordDocument
{
    public string Id { get; set; } = "";

    public string ListId { get; set; } = "";

    public string Title { get; set; } = "";

    public string TitleLower { get; set; } = "";

    public string UserName { get; set; } = "";

    public string UserNameLower { get; set; } = "";

    public Model.AccountKind AccountType { get; set; }

    public string Description { get; set; } = "";

    public string Url { get; set; } = "";

    public string Notes { get; set; } = "";

    public DateTime? ExpiresAt { get; set; }

    public Dictionary<string, string> GenericValues { get; set; } = [];

    public string DomainOrHost { get; set; } = "";

    public string DomainOrHostLower { get; set; } = "";

    public DataKeyDocument DataKey { get; set; } = new();

    public byte[]? Password { get; set; }

    public DateTime? PasswordChangedAt { get; set; }

    public PendingDocument? Pending { get; set; }

    /// <summary>Previous passwords, oldest first, bounded by <see cref="RecordDocumentMapper.MaxHistoryEntries"/>.</summary>
    public List<HistoryDocument> History { get; set; } = [];

    public Model.SyncState SyncState { get; set; }

    public string SyncReason { get; set; } = "";

    public DateTime? LastSyncedAt { get; set; }

    public DateTime? LastVerifiedAt { get; set; }

    public string DirectoryPasswordLastSet { get; set; } = "";

    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }
}
