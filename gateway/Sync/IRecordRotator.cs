using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// The crash-safe rotation protocol of the architecture page: begin (pending under a lease, durable) → apply under a
/// deadline shorter than the lease → verify on the same server → commit, or abort with the directory's reason. A
/// policy refusal of a generated password is retried once with a fresh one. No authorisation here.
/// </summary>
public interface IRecordRotator
{
    /// <summary>
    /// Returns what happened in the vault and the directory. Throws (as an RpcException with a reason code) when the
    /// request itself is wrong: unknown record (NotFound), version mismatch (Aborted), a rotation already pending
    /// (FailedPrecondition, ROTATION_PENDING), record not sync-enabled (FailedPrecondition).
    /// </summary>
    Task<SyncOutcome> RotateAsync(RotationCommand command, CancellationToken cancellationToken);
}
