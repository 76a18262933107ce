using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

/// <summary>
/// What to search for in a list; every non-null criterion must match (case-insensitive substring, Unicode-aware;
/// % _ \ and regex characters are literal). An unknown list gives an empty page.
/// </summary>
public sealed record RecordQuery(
    string ListId,
    string? Title = null,
    string? UserName = null,
    string? DomainOrHost = null,
    bool IncludeDeleted = false,
    bool OnlyDeleted = false);

public interface IRecordStore
{
    /// <summary>
    /// Inserts the record (Version 1; a pending rotation or deletion time on <paramref name="record"/> is ignored:
    /// those only come from their own calls). Its list must exist → NotFound; an id taken → AlreadyExists.
    /// </summary>
    Task<PasswordRecord> CreateAsync(PasswordRecord record, AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>The record (deleted ones too: check <see cref="PasswordRecord.DeletedAt"/>), or null.</summary>
    Task<PasswordRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The records of <paramref name="ids"/> that exist (deleted ones too), in no particular order. A store that has
    /// no faster way reads them one by one.
    /// </summary>
    async Task<IReadOnlyList<PasswordRecord>> GetManyAsync(IReadOnlyList<string> ids,
        CancellationToken cancellationToken)
    {
        var found = new List<PasswordRecord>(ids.Count);
        foreach (var id in ids)
        {
            if (await GetAsync(id, cancellationToken) is { } record)
            {
                found.Add(record);
            }
        }

        return found;
    }

    /// <summary>Records of a list matching the query, ordered by id.</summary>
    Task<Page<PasswordRecord>> SearchAsync(RecordQuery query, PageRequest page, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record's non-secret fields (everything except the data key, passwords, pending rotation, history,
    /// sync state and deletion) when the version matches. Refused on a deleted record (NotFound).
    /// </summary>
    Task<PasswordRecord> UpdateFieldsAsync(PasswordRecord record, long expectedVersion, AuditDraft audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Sets a new current password directly (a user edit, no directory involved): the previous one goes to history as
    /// <paramref name="previous"/> (null when there was none). Refused while a rotation is pending (RotationPending).
    /// </summary>
    Task<PasswordRecord> SetPasswordAsync(string recordId, long expectedVersion, byte[] sealedPassword,
        PasswordHistoryEntry? previous, DateTimeOffset changedAt, AuditDraft audit,
        CancellationToken cancellationToken);

    /// <summary>Soft-deletes the record at <paramref name="deletedAt"/>. Refused while a rotation is pending.</summary>
    Task<PasswordRecord> DeleteAsync(string recordId, long expectedVersion, DateTimeOffset deletedAt, AuditDraft audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Restores a soft-deleted record if it was deleted at or after <paramref name="restorableSince"/>
    /// (InvalidState otherwise, NotFound when it is not deleted or does not exist).
    /// </summary>
    Task<PasswordRecord> RestoreAsync(string recordId, long expectedVersion, DateTimeOffset restorableSince,
        AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>
    /// Removes for good the records deleted before <paramref name="deletedBefore"/>, with their history; returns how
    /// many. Appends one RecordPurged event per removed record (actor <paramref name="actor"/>), none when nothing was due.
    /// </summary>
    Task<int> PurgeDeletedAsync(DateTimeOffset deletedBefore, string actor, CancellationToken cancellationToken);

    /// <summary>The record's previous passwords, newest first.</summary>
    Task<Page<PasswordHistoryEntry>> GetHistoryAsync(string recordId, PageRequest page,
        CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> history entries (for reuse prevention), newest first.</summary>
    Task<IReadOnlyList<PasswordHistoryEntry>> GetRecentHistoryAsync(string recordId, int count,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcome of a check against the directory (no password change): sync state, reason, the
    /// directory's password-last-set value when known, and the verification time. No version check (it does not
    /// change what the user edits) but it does bump the version.
    /// </summary>
    Task<PasswordRecord> RecordSyncStateAsync(string recordId, SyncState state, string reason,
        string? directoryPasswordLastSet, DateTimeOffset verifiedAt, AuditDraft audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records many check outcomes in ONE durable transaction, each with its own audit event, as
    /// <see cref="RecordSyncStateAsync"/> would one by one. An unknown or deleted record (NotFound) or one whose version
    /// is no longer the expected one (VersionConflict) is skipped and reported in its outcome; the others are stored.
    /// Outcomes come in the order of <paramref name="updates"/>. Record ids must be distinct (the caller validates).
    /// </summary>
    Task<IReadOnlyList<SyncStateOutcome>> RecordSyncStatesAsync(IReadOnlyList<SyncStateUpdate> updates,
        DateTimeOffset verifiedAt, CancellationToken cancellationToken);
}
