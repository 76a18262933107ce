using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// One account and one password to check. Holds secrets (the password, the target's privileged password): never log
/// it whole.
/// </summary>
/// <param name="Target">directory-sync's target, with the privileged credential.</param>
/// <param name="Account">The account as the record (or caller) names it.</param>
/// <param name="Password">The password to try.</param>
/// <param name="IsCandidate">True for a caller-supplied candidate, false for the record's stored password.</param>
/// <param name="StoredPasswordLastSet">
/// The directory's password-last-set value stored at the last verified sync, when it still describes the stored
/// password; null when there is none or for candidates (drift is then not judged).
/// </param>
internal sealed record CheckSubject(
    DirectoryTarget Target,
    string Account,
    string Password,
    bool IsCandidate,
    string? StoredPasswordLastSet)
{
    // Records print every property: keep the secrets out of any accidental log line or exception text.
    public override string ToString() => $"CheckSubject {{ Target = {Target.Id}, Account = {Account} }}";
}
