using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// Lockout-safe password checks (issue 4, "Check password"): reads the account's state first, skips the bind when one
/// more failure could lock the account, detects changes made outside PasswordSync by the directory's own
/// password-last-set value, and serialises binds per account (<see cref="AccountLocks"/>). Used by the check calls,
/// the sync report and the reconciler. No authorisation here: callers check permissions.
/// </summary>
public interface IRecordChecker
{
    /// <summary>
    /// Checks the record's stored password, or <paramref name="candidatePassword"/> when given. A record that is not
    /// sync-enabled yields NOT_SYNC_ENABLED with the reason; a directory that cannot be asked yields ERROR with the
    /// reason code. Throws NotFound for an unknown record.
    /// </summary>
    Task<CheckResult> CheckRecordAsync(string recordId, string? candidatePassword, CancellationToken cancellationToken);
}
