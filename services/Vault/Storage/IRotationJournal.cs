using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

/// <summary>What a commit stores: the new current password (re-sealed as "password") and what the directory said.</summary>
public sealed record RotationCommit(
    byte[] SealedNewPassword,
    PasswordHistoryEntry? Previous,
    string DirectoryPasswordLastSet,
    DateTimeOffset CommittedAt);

/// <summary>
/// The crash-safe rotation protocol's journal (see the architecture page). Each call is one atomic, durable step;
/// begin is durable (fsync'd / majority-acknowledged) before it returns.
/// </summary>
public interface IRotationJournal
{
    /// <summary>
    /// Stores <paramref name="pending"/> on the record. Refused with RotationPending when the record already has a
    /// pending rotation with another id; NotFound for a missing or deleted record. Repeating the same
    /// <paramref name="requestId"/> returns the first result (the record as it was after the first begin, with its
    /// current wrapped data key). A new request id for the rotation id already pending returns the record unchanged.
    /// </summary>
    Task<PasswordRecord> BeginAsync(string requestId, string recordId, PendingRotation pending, AuditDraft audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Makes the pending password current, only when the record's pending rotation id equals
    /// <paramref name="rotationId"/> (RotationMismatch otherwise). Sets SyncState InSync, LastSyncedAt,
    /// DirectoryPasswordLastSet, clears the pending rotation and sync reason. Idempotent by request id.
    /// </summary>
    Task<PasswordRecord> CommitAsync(string requestId, string recordId, string rotationId, RotationCommit commit,
        AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the pending rotation, only for the matching rotation id; keeps <paramref name="reason"/> as the record's
    /// SyncReason. Current password unchanged. Idempotent by request id.
    /// </summary>
    Task<PasswordRecord> AbortAsync(string requestId, string recordId, string rotationId, string reason,
        AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>
    /// Hands an expired pending rotation to <paramref name="newOwner"/> under a new lease. Exactly one of several
    /// concurrent claimants wins; the others get null. Null too when the lease has not expired at <paramref name="now"/>
    /// (expired means LeaseExpiresAt &lt;= now) or there is no pending rotation; NotFound for an unknown record.
    /// Increments ClaimCount.
    /// </summary>
    Task<PasswordRecord?> ClaimAsync(string recordId, string newOwner, DateTimeOffset now, DateTimeOffset newLeaseExpiresAt,
        AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease of the owner's own rotation (RotationMismatch / LeaseHeld otherwise). No version bump, no audit.
    /// </summary>
    Task<PasswordRecord> RenewLeaseAsync(string recordId, string rotationId, string owner, DateTimeOffset newLeaseExpiresAt,
        CancellationToken cancellationToken);

    /// <summary>
    /// Neither the current nor the pending password could be proven: mark the record OutOfSync with the reason and keep
    /// both candidates; the pending rotation stays (with its lease set to <paramref name="leaseExpiresAt"/>, so it is
    /// claimed again later). Only for the matching rotation id.
    /// </summary>
    Task<PasswordRecord> MarkOutOfSyncAsync(string recordId, string rotationId, string reason,
        DateTimeOffset leaseExpiresAt, AuditDraft audit, CancellationToken cancellationToken);

    /// <summary>
    /// Records with a pending rotation, ordered by lease expiry then id; only those with LeaseExpiresAt &lt;=
    /// <paramref name="expiredAt"/> when it is set.
    /// </summary>
    Task<Page<PasswordRecord>> ListPendingAsync(DateTimeOffset? expiredAt, PageRequest page,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs each begin as <see cref="BeginAsync"/> would, all in ONE durable transaction: one item's refusal (its
    /// <see cref="BatchOutcome.Error"/>) stores nothing of that item and does not stop the others. With
    /// <paramref name="job"/>, each begun rotation's id is noted on the job's item in the same transaction.
    /// Results are in the order of <paramref name="steps"/>.
    /// </summary>
    Task<IReadOnlyList<BatchOutcome>> BeginManyAsync(IReadOnlyList<BatchBegin> steps, JobItemNote? job,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs each commit as <see cref="CommitAsync"/> would, all in ONE durable transaction, with per-item refusals as
    /// for <see cref="BeginManyAsync"/>. With <paramref name="job"/>, each committed item is recorded as succeeded on
    /// the job in the same transaction.
    /// </summary>
    Task<IReadOnlyList<BatchOutcome>> CommitManyAsync(IReadOnlyList<BatchCommit> steps, JobItemNote? job,
        CancellationToken cancellationToken);
}
