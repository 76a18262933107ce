using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>Converts records between the domain model and <see cref="RecordDocument"/>.</summary>
internal static class RecordDocumentMapper
{
    /// <summary>
    /// History kept inside the record. The bound keeps the document small (an entry is ~150 bytes, so ~75 KB at most,
    /// far under MongoDB's 16 MB) while exceeding any sensible reuse-prevention depth; the audit log keeps every change.
    /// </summary>
    public const int MaxHistoryEntries = 500;

    public static RecordDocument ToDocument(PasswordRecord record) => new()
    {
        Id = record.Id,
        ListId = record.ListId,
        Title = record.Title,
        TitleLower = record.Title.ToLowerInvariant(),
        UserName = record.UserName,
        UserNameLower = record.UserName.ToLowerInvariant(),
        AccountType = record.AccountType,
        Description = record.Description,
        Url = record.Url,
        Notes = record.Notes,
        ExpiresAt = BsonDates.ToBson(record.ExpiresAt),
        GenericValues = new Dictionary<string, string>(record.GenericValues),
        DomainOrHost = record.DomainOrHost,
        DomainOrHostLower = record.DomainOrHost.ToLowerInvariant(),
        DataKey = new DataKeyDocument { KekVersion = record.DataKey.KekVersion, Wrapped = record.DataKey.Wrapped },
        Password = record.SealedPassword,
        PasswordChangedAt = BsonDates.ToBson(record.PasswordChangedAt),
        Pending = record.Pending is { } pending ? ToDocument(pending) : null,
        SyncState = record.SyncState,
        SyncReason = record.SyncReason,
        LastSyncedAt = BsonDates.ToBson(record.LastSyncedAt),
        LastVerifiedAt = BsonDates.ToBson(record.LastVerifiedAt),
        DirectoryPasswordLastSet = record.DirectoryPasswordLastSet,
        Version = record.Version,
        CreatedAt = BsonDates.ToBson(record.CreatedAt),
        UpdatedAt = BsonDates.ToBson(record.UpdatedAt),
        DeletedAt = BsonDates.ToBson(record.DeletedAt),
    };

    public static PendingDocument ToDocument(PendingRotation pending) => new()
    {
        RotationId = pending.RotationId,
        Password = pending.SealedPassword,
        Owner = pending.Owner,
        LeaseExpiresAt = BsonDates.ToBson(pending.LeaseExpiresAt),
        StartedAt = BsonDates.ToBson(pending.StartedAt),
        Reason = pending.Reason,
        Actor = pending.Actor,
        ClaimCount = pending.ClaimCount,
    };

    public static HistoryDocument ToDocument(PasswordHistoryEntry entry) => new()
    {
        Id = entry.Id,
        Password = entry.SealedPassword,
        ReplacedAt = BsonDates.ToBson(entry.ReplacedAt),
        ChangedBy = entry.ChangedBy,
        Reason = entry.Reason,
    };

    public static PasswordRecord ToModel(RecordDocument d) => new()
    {
        Id = d.Id,
        ListId = d.ListId,
        Title = d.Title,
        UserName = d.UserName,
        AccountType = d.AccountType,
        Description = d.Description,
        Url = d.Url,
        Notes = d.Notes,
        ExpiresAt = BsonDates.FromBson(d.ExpiresAt),
        GenericValues = new Dictionary<string, string>(d.GenericValues),
        DomainOrHost = d.DomainOrHost,
        DataKey = new WrappedDataKey(d.DataKey.KekVersion, d.DataKey.Wrapped),
        SealedPassword = d.Password,
        PasswordChangedAt = BsonDates.FromBson(d.PasswordChangedAt),
        Pending = d.Pending is { } pending ? ToModel(pending) : null,
        SyncState = d.SyncState,
        SyncReason = d.SyncReason,
        LastSyncedAt = BsonDates.FromBson(d.LastSyncedAt),
        LastVerifiedAt = BsonDates.FromBson(d.LastVerifiedAt),
        DirectoryPasswordLastSet = d.DirectoryPasswordLastSet,
        Version = d.Version,
        CreatedAt = BsonDates.FromBson(d.CreatedAt),
        UpdatedAt = BsonDates.FromBson(d.UpdatedAt),
        DeletedAt = BsonDates.FromBson(d.DeletedAt),
    };

    public static PendingRotation ToModel(PendingDocument d) => new()
    {
        RotationId = d.RotationId,
        SealedPassword = d.Password,
        Owner = d.Owner,
        LeaseExpiresAt = BsonDates.FromBson(d.LeaseExpiresAt),
        StartedAt = BsonDates.FromBson(d.StartedAt),
        Reason = d.Reason,
        Actor = d.Actor,
        ClaimCount = d.ClaimCount,
    };

    public static PasswordHistoryEntry ToModel(string recordId, HistoryDocument d) => new()
    {
        Id = d.Id,
        RecordId = recordId,
        SealedPassword = d.Password,
        ReplacedAt = BsonDates.FromBson(d.ReplacedAt),
        ChangedBy = d.ChangedBy,
        Reason = d.Reason,
    };
}
