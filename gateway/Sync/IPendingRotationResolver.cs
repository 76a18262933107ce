namespace PasswordSync.Gateway.Sync;

/// <summary>
/// Settles a pending rotation left behind by a crash (the reconciler's work for one record): claims it once its lease
/// has expired and resolves it by evidence. Bulk jobs use it for an item that was in flight when their gateway died.
/// </summary>
public interface IPendingRotationResolver
{
    /// <summary>
    /// Resolves the record's pending rotation when its lease has expired. Returns what became of it; NotClaimable
    /// when nothing is pending, the lease still runs, or another instance claimed it.
    /// </summary>
    Task<PendingResolution> ResolveAsync(string recordId, CancellationToken cancellationToken);
}

/// <summary>How a pending rotation was resolved.</summary>
/// <param name="Outcome">What the evidence proved.</param>
/// <param name="RotationId">The rotation that was resolved, when one was claimed.</param>
/// <param name="Detail">A sentence for people; never a secret.</param>
public sealed record PendingResolution(PendingOutcome Outcome, string? RotationId, string Detail);

public enum PendingOutcome
{
    /// <summary>Nothing pending, lease still running, or claimed by someone else.</summary>
    NotClaimable,

    /// <summary>The pending password was proven and committed.</summary>
    Committed,

    /// <summary>The current password was proven (the pending one never landed): the pending one was dropped.</summary>
    Aborted,

    /// <summary>Neither password could be proven: the record is marked out of sync, both candidates kept.</summary>
    OutOfSync,
}
