namespace PasswordSync.Gateway.Sync;

/// <summary>
/// One crash-safe password change of one record (save and sync, rotate, one item of a bulk job).
/// </summary>
/// <param name="RecordId">The record.</param>
/// <param name="ExpectedVersion">The version the caller read; null skips the check (bulk jobs).</param>
/// <param name="NewPassword">The new password; null generates one from the list's policy.</param>
/// <param name="VerifyAfterSet">Bind with the new password on the server that took the write before committing.</param>
/// <param name="Reason">Why, for the journal and audit: "save-and-sync", "rotate", "job:&lt;id&gt;". Never a secret.</param>
/// <param name="RotationId">The rotation id to use (a job notes it on its item first); null makes a new one.</param>
/// <param name="RequestId">The caller's idempotency key, when it sent one.</param>
public sealed record RotationCommand(
    string RecordId,
    long? ExpectedVersion,
    string? NewPassword,
    bool VerifyAfterSet,
    string Reason,
    string? RotationId = null,
    string? RequestId = null);
