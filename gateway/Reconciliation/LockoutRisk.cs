using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Reconciliation;

/// <summary>
/// The same rule as the checks: no bind when one more failure could lock the account (its effective policy's
/// threshold, counting the failures the directory reports now), and none on a locked account (its answer proves
/// nothing and a failure would extend the lockout). A state without a lockout policy (the directory could not tell:
/// an SSH host, or an AD fine-grained policy hidden from the privileged account) counts as a risk, as for the checks,
/// unless Gateway:Checks:BindWhenLockoutPolicyUnknown says the target's accounts are known not to lock.
/// </summary>
internal static class LockoutRisk
{
    /// <summary>Why no bind may be made on this account now, or null when a bind is safe.</summary>
    public static string? WhyNotBind(AccountState state, bool bindWhenPolicyUnknown)
    {
        if (state.LockedOut)
        {
            return "the account is locked out";
        }

        if (state.LockoutPolicy is null)
        {
            return bindWhenPolicyUnknown
                ? null
                : "the directory did not report a lockout policy for the account, so a failed bind might lock it (set "
                  + "Gateway:Checks:BindWhenLockoutPolicyUnknown for targets known not to lock accounts)";
        }

        var threshold = state.LockoutPolicy.Threshold;
        if (threshold > 0 && state.BadPasswordCount + 1 >= threshold)
        {
            return $"one more failed bind could lock the account ({state.BadPasswordCount} of {threshold} failures "
                + $"allowed by the {state.LockoutPolicy.Source} policy)";
        }

        return null;
    }
}
