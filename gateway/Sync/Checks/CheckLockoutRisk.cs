using System.Globalization;
using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// Decides, from the account state read just before, whether one more failed bind could lock the account (architecture
/// page, "Checking without locking accounts"). Conservative: whatever it cannot be sure of counts as risk.
/// </summary>
internal static class CheckLockoutRisk
{
    /// <summary>Null when a bind is safe; otherwise why it is not, as a sentence for people.</summary>
    public static LockoutRisk? Assess(AccountState state, DateTimeOffset now, CheckOptions options)
    {
        var policy = state.LockoutPolicy;
        if (policy is null)
        {
            return options.BindWhenLockoutPolicyUnknown
                ? null
                : new LockoutRisk(LockoutRisk.PolicyUnknown,
                    "The directory did not report a lockout policy for this account, so a failed bind might lock it; "
                    + "no password was tried. Check it by hand, or set Gateway:Checks:BindWhenLockoutPolicyUnknown for "
                    + "hosts known not to lock accounts.");
        }

        if (policy.Threshold <= 0)
        {
            return null;
        }

        var counted = FailuresInWindow(state, policy, now, options.ClockSkewAllowance);
        if (counted < policy.Threshold - 1)
        {
            return null;
        }

        var window = policy.ObservationWindow?.ToTimeSpan() ?? TimeSpan.Zero;
        var waitHint = window > TimeSpan.Zero
            ? $" Check again once no failure is left in the {Describe(window)} observation window, or after an "
              + "administrator clears the failed-logon count."
            : " Check again after an administrator clears the failed-logon count.";
        return new LockoutRisk(LockoutRisk.Risk,
            $"One more failed logon could lock the account: it has {counted} recent failed logon(s) and locks at "
            + $"{policy.Threshold} (policy: {PolicySource(policy)}). No password was tried." + waitHint);
    }

    /// <summary>
    /// Failures that still count toward the threshold. AD restarts the count when the last failure is older than the
    /// observation window; that comparison uses the directory's timestamp against our clock, so it only discounts
    /// failures older than the window plus the skew allowance. A count without a time, or a policy without a
    /// window, is taken as it is.
    /// </summary>
    private static int FailuresInWindow(AccountState state, LockoutPolicy policy, DateTimeOffset now,
        TimeSpan skewAllowance)
    {
        var count = Math.Max(state.BadPasswordCount, 0);
        var window = policy.ObservationWindow?.ToTimeSpan() ?? TimeSpan.Zero;
        if (count == 0 || window <= TimeSpan.Zero || state.LastBadPasswordTime is null)
        {
            return count;
        }

        var lastFailure = state.LastBadPasswordTime.ToDateTimeOffset();
        return now - lastFailure > window + skewAllowance ? 0 : count;
    }

    private static string PolicySource(LockoutPolicy policy) =>
        string.IsNullOrEmpty(policy.Source) ? "unnamed" : policy.Source;

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#}-minute")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0}-second");
}

/// <summary>Why a bind was skipped, with a reason code for machines.</summary>
internal sealed record LockoutRisk(string ReasonCode, string Message)
{
    public const string Risk = "LOCKOUT_RISK";
    public const string PolicyUnknown = "LOCKOUT_POLICY_UNKNOWN";
}
