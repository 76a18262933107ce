using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

/// <summary>
/// One check outcome of a batch: what <see cref="IRecordStore.RecordSyncStateAsync"/> would take, plus the record
/// version the check read. The audit draft's list and record are filled in by the store.
/// </summary>
/// <param name="ExpectedVersion">
/// The version the check read; a record changed since (a rotation committed a new password and baseline meanwhile)
/// keeps its newer state. Null stores the outcome whatever the version, as the single call does.
/// </param>
public sealed record SyncStateUpdate(
    string RecordId,
    long? ExpectedVersion,
    SyncState State,
    string Reason,
    string? DirectoryPasswordLastSet,
    AuditDraft Audit);

/// <summary>One item's result: the record after the change, or why it was skipped (then nothing of it was stored).</summary>
public sealed record SyncStateOutcome(string RecordId, PasswordRecord? Record, StoreException? Error);
