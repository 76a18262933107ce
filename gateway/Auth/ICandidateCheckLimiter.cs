namespace PasswordSync.Gateway.Auth;

/// <summary>
/// Limits checks with a caller-supplied candidate password per account (target + account name), whoever asks: they
/// could otherwise be used to guess passwords. The check handler asks before any directory call.
/// </summary>
public interface ICandidateCheckLimiter
{
    /// <summary>True when one more candidate check of this account is allowed now.</summary>
    bool TryAcquire(string targetKey, string account);
}
