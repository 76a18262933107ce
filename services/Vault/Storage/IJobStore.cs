using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

public interface IJobStore
{
    /// <summary>
    /// Creates the job with one Pending item per distinct record id (State Queued, Version 1). Idempotent by request
    /// id: a repeat returns the first job (its current state), whatever job it carries.
    /// </summary>
    Task<BulkJob> CreateAsync(string requestId, BulkJob job, IReadOnlyList<string> recordIds, AuditDraft audit,
        CancellationToken cancellationToken);

    Task<BulkJob?> GetAsync(string id, CancellationToken cancellationToken);

    Task<Page<BulkJob>> ListAsync(string? listId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Items of a job in record-id order, optionally only those with <paramref name="status"/>.</summary>
    Task<Page<JobItem>> ListItemsAsync(string jobId, JobItemStatus? status, PageRequest page,
        CancellationToken cancellationToken);

    /// <summary>
    /// Takes the job for <paramref name="owner"/> when it is unfinished and unowned, its lease expired at
    /// <paramref name="now"/>, or already owned by <paramref name="owner"/> (renewal). State becomes Running.
    /// Exactly one of concurrent claimants wins; the others get null (finished jobs too). NotFound for an unknown job.
    /// </summary>
    Task<BulkJob?> ClaimAsync(string jobId, string owner, DateTimeOffset now, DateTimeOffset leaseExpiresAt,
        CancellationToken cancellationToken);

    /// <summary>Unfinished jobs whose lease is free or expired at <paramref name="now"/> (to resume after a restart).</summary>
    Task<IReadOnlyList<BulkJob>> ListClaimableAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Notes which rotation handles an item, before it runs (so a resumed job finishes it rather than starting anew).</summary>
    Task SetItemRotationAsync(string jobId, string recordId, string owner, string rotationId,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records an item's final outcome and updates the job's counters, only for the job's current owner (LeaseHeld
    /// otherwise). An item already final is left unchanged (returns the job as is): nothing is counted twice.
    /// A Pending outcome is an ArgumentException; an unknown item NotFound.
    /// </summary>
    Task<BulkJob> RecordItemAsync(string jobId, string owner, JobItem outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Finishes the job (Completed / Cancelled / Failed) for its owner (LeaseHeld otherwise); releases the lease.
    /// Repeating it with the same final state returns the job unchanged.
    /// </summary>
    Task<BulkJob> FinishAsync(string jobId, string owner, JobState finalState, DateTimeOffset finishedAt, AuditDraft audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Asks the owner to stop (it finishes the item in flight and then cancels). Idempotent: a repeat, or a request
    /// for a finished job, returns the job unchanged without an audit event.
    /// </summary>
    Task<BulkJob> RequestCancelAsync(string jobId, AuditDraft audit, CancellationToken cancellationToken);
}
