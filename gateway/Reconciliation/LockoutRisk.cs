using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Reconciliation;

/// <summary>
/// The same rule as the checks: no bind when one more failure could lock the account (its effective policy's
/// threshold, counting the failures the directory reports now), and none on a locked account (its answer proves
/// nothing and a failure would extend the lockout).
/// </summary>
internal static class LockoutRisk
{
    /// <summary>Why no bind may be made on this account now, or null when a bind is safe.</summary>
    public static string? WhyNotBind(AccountState state)
    {
        if (state.LockedOut)
        {
            return "the account is locked out";
        }

        var threshold = state.LockoutPolicy?.Threshold ?? 0;
        if (threshold > 0 && state.BadPasswordCount + 1 >= threshold)
        {
            return $"one more failed bind could lock the account ({state.BadPasswordCount} of {threshold} failures "
                + $"allowed by the {state.LockoutPolicy!.Source} policy)";
        }

        return null;
    }
}
