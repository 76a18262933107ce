using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

/// <summary>The updates of record writes; every one bumps the version, except re-wrapping a data key.</summary>
internal static class RecordUpdates
{
    private static UpdateDefinitionBuilder<RecordDocument> U => Builders<RecordDocument>.Update;

    /// <summary>Every change bumps the version and stamps updated_at with the store's clock.</summary>
    private static UpdateDefinition<RecordDocument> Bump(DateTimeOffset now) =>
        U.Inc(d => d.Version, 1L).Set(d => d.UpdatedAt, BsonDates.ToBson(now));

    /// <summary>The non-secret fields only: data key, passwords, pending, history, sync state and deletion are untouched.</summary>
    public static UpdateDefinition<RecordDocument> Fields(RecordDocument r, DateTimeOffset now) =>
        U.Combine(
            U.Set(d => d.Title, r.Title),
            U.Set(d => d.TitleLower, r.TitleLower),
            U.Set(d => d.UserName, r.UserName),
            U.Set(d => d.UserNameLower, r.UserNameLower),
            U.Set(d => d.AccountType, r.AccountType),
            U.Set(d => d.Description, r.Description),
            U.Set(d => d.Url, r.Url),
            U.Set(d => d.Notes, r.Notes),
            U.Set(d => d.ExpiresAt, r.ExpiresAt),
            U.Set(d => d.GenericValues, r.GenericValues),
            U.Set(d => d.DomainOrHost, r.DomainOrHost),
            U.Set(d => d.DomainOrHostLower, r.DomainOrHostLower),
            Bump(now));

    /// <summary>A new current password; the previous one (when any) is appended to the bounded history.</summary>
    public static UpdateDefinition<RecordDocument> SetPassword(byte[] sealedPassword, PasswordHistoryEntry? previous,
        DateTimeOffset changedAt, DateTimeOffset now) =>
        WithHistory(U.Combine(
            U.Set(d => d.Password, sealedPassword),
            U.Set(d => d.PasswordChangedAt, BsonDates.ToBson(changedAt)),
            Bump(now)), previous);

    public static UpdateDefinition<RecordDocument> Delete(DateTimeOffset deletedAt, DateTimeOffset now) =>
        U.Combine(U.Set(d => d.DeletedAt, BsonDates.ToBson(deletedAt)), Bump(now));

    public static UpdateDefinition<RecordDocument> Restore(DateTimeOffset now) =>
        U.Combine(U.Set(d => d.DeletedAt, null), Bump(now));

    public static UpdateDefinition<RecordDocument> Begin(PendingDocument pending, DateTimeOffset now) =>
        U.Combine(U.Set(d => d.Pending, pending), Bump(now));

    /// <summary>Pending becomes current, the previous current goes to history, the record is in sync.</summary>
    public static UpdateDefinition<RecordDocument> Commit(RotationCommit commit, DateTimeOffset now) =>
        WithHistory(U.Combine(
            U.Set(d => d.Password, commit.SealedNewPassword),
            U.Set(d => d.PasswordChangedAt, BsonDates.ToBson(commit.CommittedAt)),
            U.Set(d => d.Pending, null),
            U.Set(d => d.SyncState, Model.SyncState.InSync),
            U.Set(d => d.SyncReason, ""),
            U.Set(d => d.LastSyncedAt, BsonDates.ToBson(commit.CommittedAt)),
            U.Set(d => d.DirectoryPasswordLastSet, commit.DirectoryPasswordLastSet),
            Bump(now)), commit.Previous);

    /// <summary>The pending rotation is dropped; the current password is unchanged and the reason kept.</summary>
    public static UpdateDefinition<RecordDocument> Abort(string reason, DateTimeOffset now) =>
        U.Combine(U.Set(d => d.Pending, null), U.Set(d => d.SyncReason, reason), Bump(now));

    public static UpdateDefinition<RecordDocument> Claim(string newOwner, DateTimeOffset newLeaseExpiresAt,
        DateTimeOffset now) =>
        U.Combine(
            U.Set(d => d.Pending!.Owner, newOwner),
            U.Set(d => d.Pending!.LeaseExpiresAt, BsonDates.ToBson(newLeaseExpiresAt)),
            U.Inc(d => d.Pending!.ClaimCount, 1),
            Bump(now));


    /// <summary>A lease renewal changes nothing a user edits, so it leaves the version alone (no spurious conflicts).</summary>
    public static UpdateDefinition<RecordDocument> RenewLease(DateTimeOffset newLeaseExpiresAt) =>
        U.Set(d => d.Pending!.LeaseExpiresAt, BsonDates.ToBson(newLeaseExpiresAt));

    public static UpdateDefinition<RecordDocument> MarkOutOfSync(string reason, DateTimeOffset leaseExpiresAt,
        DateTimeOffset now) =>
        U.Combine(
            U.Set(d => d.SyncState, Model.SyncState.OutOfSync),
            U.Set(d => d.SyncReason, reason),
            U.Set(d => d.Pending!.LeaseExpiresAt, BsonDates.ToBson(leaseExpiresAt)),
            Bump(now));

    public static UpdateDefinition<RecordDocument> SyncState(Model.SyncState state, string reason,
        string? directoryPasswordLastSet, DateTimeOffset verifiedAt, DateTimeOffset now)
    {
        var update = U.Combine(
            U.Set(d => d.SyncState, state),
            U.Set(d => d.SyncReason, reason),
            U.Set(d => d.LastVerifiedAt, BsonDates.ToBson(verifiedAt)),
            Bump(now));
        return directoryPasswordLastSet is null
            ? update
            : update.Set(d => d.DirectoryPasswordLastSet, directoryPasswordLastSet);
    }

    /// <summary>KEK rotation re-wraps the same data key: no field a user sees changes, so no version bump.</summary>
    public static UpdateDefinition<RecordDocument> ReplaceDataKey(int kekVersion, byte[] wrapped) =>
        U.Set(d => d.DataKey, new DataKeyDocument { KekVersion = kekVersion, Wrapped = wrapped });

    private static UpdateDefinition<RecordDocument> WithHistory(UpdateDefinition<RecordDocument> update,
        PasswordHistoryEntry? previous) =>
        previous is null
            ? update
            : update.PushEach(d => d.History, [RecordDocumentMapper.ToDocument(previous)],
                slice: -RecordDocumentMapper.MaxHistoryEntries);
}
