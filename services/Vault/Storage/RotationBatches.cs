using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

/// <summary>One begin of a batch: what <see cref="IRotationJournal.BeginAsync"/> would take.</summary>
public sealed record BatchBegin(string RequestId, string RecordId, PendingRotation Pending, AuditDraft Audit);

/// <summary>One commit of a batch: what <see cref="IRotationJournal.CommitAsync"/> would take.</summary>
public sealed record BatchCommit(string RequestId, string RecordId, string RotationId, RotationCommit Commit,
    AuditDraft Audit);

/// <summary>
/// The bulk job whose items a batch handles: a begin notes each rotation id on the job's item, a commit records the
/// item as succeeded with <paramref name="Detail"/>, in the same transaction as the journal step.
/// </summary>
public sealed record JobItemNote(string JobId, string Owner, string Detail);

/// <summary>
/// One item's result: the record after the step, or the store's refusal (then nothing of the item was stored).
/// <paramref name="JobItemUpdated"/> says whether the job item was noted/recorded too: a job whose lease another owner
/// holds does not undo the journal step, which matters more than the job's bookkeeping.
/// </summary>
public sealed record BatchOutcome(PasswordRecord? Record, StoreException? Error, bool JobItemUpdated);
